import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';
import { checkWritable, decodeDocument } from './codec.js';
import { realDisk, type Disk } from './disk.js';
import { DataFileError, NotSavedError } from './errors.js';
import { DocumentConflictError, type DocumentSpec, type StoredDocument } from './store.js';

/**
 * What a store's save throws when another process wrote the document first (a shared store): that process's
 * state, decoded, which the document takes in place of the change.
 */
export class NewerState extends Error {
  constructor(readonly current: unknown) {
    super('the document was changed by another process');
  }
}

/**
 * The one implementation of StoredDocument, whatever the store: `save` puts a checked state where the store keeps
 * it (a lowdb file, a map, a database row) and throws when it could not.
 */
export class Document<T> implements StoredDocument<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: T,
    /** The file or row, for errors. */
    private readonly where: string,
    private readonly spec: DocumentSpec<z.ZodType>,
    private readonly save: (data: T) => Promise<void>,
    /** The document's name in the store, for a conflict. */
    private readonly name = where,
  ) {}

  get data(): T {
    return this.state;
  }

  change<R>(fn: (data: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      const before = structuredClone(this.state);
      let result: R;
      try {
        result = fn(this.state);
      } catch (err) {
        this.restore(before);
        throw err;
      }
      // The same check as on read: a state the next start would refuse is refused now and the store keeps the last
      // good one, instead of a merchant's message bricking every later start.
      const refused = checkWritable(this.where, this.state, this.spec);
      if (refused) {
        this.restore(before);
        throw refused;
      }
      try {
        await this.save(this.state);
      } catch (err) {
        if (err instanceof NewerState) {
          this.restore(err.current);
          throw new DocumentConflictError(this.name);
        }
        this.restore(before);
        throw err instanceof NotSavedError ? err : new NotSavedError(this.where, err);
      }
      return result;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Objects keep their identity, so a reference held elsewhere still sees the live state. */
  private restore(saved: unknown): void {
    restoreInPlace(this.state as Record<string, unknown>, saved as Record<string, unknown>);
  }
}

const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !(v instanceof Date);

/** Makes `target` equal to `saved` again, reusing the objects and arrays that are still there. */
function restoreInPlace(target: Record<string, unknown>, saved: Record<string, unknown>): void {
  if (Array.isArray(target) && Array.isArray(saved)) target.length = saved.length;
  else for (const key of Object.keys(target)) if (!Object.hasOwn(saved, key)) delete target[key];
  for (const key of Object.keys(saved)) {
    const now = target[key];
    const was = saved[key];
    if (isContainer(now) && isContainer(was) && Array.isArray(now) === Array.isArray(was)) restoreInPlace(now, was);
    // defineProperty, not `=`: a key such as __proto__ must stay a key, never reach the prototype.
    else Object.defineProperty(target, key, { value: was, writable: true, enumerable: true, configurable: true });
  }
}

export interface DocumentFileSpec<S extends z.ZodType> extends DocumentSpec<S> {
  file: string;
  /** Where writes go (a failing one in tests). */
  disk?: Disk;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * lowdb adapter for one versioned JSON file: validated with zod when read, migrated when its version is old,
 * written atomically. Document checks each state before it is written and runs the writes one at a time.
 */
class VersionedJsonFile<T> implements Adapter<T> {
  constructor(private readonly spec: DocumentFileSpec<z.ZodType<T>>) {}

  async read(): Promise<T | null> {
    const { file } = this.spec;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DataFileError(file, `cannot be read (${describe(err)})`);
    }
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch (err) {
      throw new DataFileError(file, `is not valid JSON (${describe(err)})`);
    }
    if (!envelope || typeof envelope !== 'object' || typeof (envelope as { version?: unknown }).version !== 'number') {
      throw new DataFileError(file, 'has no schema version (expected {"version": n, "data": …})');
    }
    return decodeDocument(file, (envelope as { version: number }).version, (envelope as { data?: unknown }).data, this.spec);
  }

  write(data: T): Promise<void> {
    const text = JSON.stringify({ version: this.spec.version, data }, null, 1);
    return (this.spec.disk ?? realDisk).replace(this.spec.file, text);
  }
}

/** Opens (reading and validating) a lowdb document. Throws DataFileError, leaving the file as it was. */
export async function openDocument<S extends z.ZodType>(spec: DocumentFileSpec<S>): Promise<Document<z.infer<S>>> {
  const db = new Low<z.infer<S>>(new VersionedJsonFile<z.infer<S>>(spec as DocumentFileSpec<z.ZodType<z.infer<S>>>), spec.defaults());
  await db.read();
  // The document changes lowdb's data in place, so db.data stays the object it hands out.
  return new Document<z.infer<S>>(db.data, spec.file, spec, () => db.write());
}
