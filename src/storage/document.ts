import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';
import { realDisk, type Disk } from './disk.js';
import { DataFileError, NotSavedError } from './errors.js';

/** Turns the data of version N into version N+1; index 0 upgrades version 1 to 2. */
export type Migration = (data: unknown) => unknown;

export interface DocumentSpec<S extends z.ZodType> {
  file: string;
  schema: S;
  /** Current schema version; files carry `{ "version": n, "data": … }`. */
  version: number;
  migrations?: Migration[];
  defaults: () => z.infer<S>;
  /** Where writes go (a failing one in tests). */
  disk?: Disk;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function pathOf(error: z.ZodError): string {
  return error.issues[0]!.path.join('.');
}

/**
 * lowdb adapter for one versioned JSON file: validated with zod when read and when written, migrated when its
 * version is old, written atomically. Document runs its writes one at a time.
 */
class VersionedJsonFile<T> implements Adapter<T> {
  constructor(private readonly spec: DocumentSpec<z.ZodType<T>>) {}

  async read(): Promise<T | null> {
    const { file, schema, version, migrations = [] } = this.spec;
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
    const found = (envelope as { version: number }).version;
    if (found > version) throw new DataFileError(file, `was written by a newer bot (schema version ${found}, this one knows ${version})`);
    let data = (envelope as { data?: unknown }).data;
    for (let v = found; v < version; v++) {
      const migrate = migrations[v - 1];
      if (!migrate) throw new DataFileError(file, `has schema version ${found} and there is no migration from version ${v}`);
      data = migrate(data);
    }
    const result = schema.safeParse(data);
    if (!result.success) {
      throw new DataFileError(file, `does not match the schema at data.${pathOf(result.error)} (${result.error.issues[0]!.message})`);
    }
    return result.data;
  }

  write(data: T): Promise<void> {
    // The same check as read(): a state the next start would refuse is refused now, and the file keeps the last
    // good state, instead of a merchant's message bricking every later start.
    const result = this.spec.schema.safeParse(data);
    if (!result.success) return Promise.reject(new NotSavedError(this.spec.file, new Error(`it would not match the schema at data.${pathOf(result.error)}: ${result.error.issues[0]!.message}`)));
    const text = JSON.stringify({ version: this.spec.version, data }, null, 1);
    return (this.spec.disk ?? realDisk).replace(this.spec.file, text);
  }
}

/**
 * One lowdb document whose state in memory is never ahead of its file: every change goes through `change()`,
 * which writes it before anyone else may change or read-modify-write the data, and puts the data back as it
 * was when the write fails. So a full disk costs the change that could not be saved, never a half-saved state
 * that a later write (someone else's) would save after the user was told it failed.
 */
export class Document<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Low<T>,
    private readonly file: string,
  ) {}

  /** The current state. Read it freely; change it only inside `change()`. */
  get data(): T {
    return this.db.data;
  }

  /**
   * Runs `fn` on the data and writes the result. Changes run one at a time, each after the previous one is on
   * disk. If `fn` throws or the write fails, the data is restored in place (objects keep their identity, so a
   * reference held elsewhere still sees the live state) and the error is thrown: NotSavedError for a failed write.
   */
  change<R>(fn: (data: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      const before = structuredClone(this.db.data);
      let result: R;
      try {
        result = fn(this.db.data);
        await this.db.write();
      } catch (err) {
        restoreInPlace(this.db.data as Record<string, unknown>, before as Record<string, unknown>);
        throw isWriteError(err) ? new NotSavedError(this.file, err) : err;
      }
      return result;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}

/** A system error from the file system (ENOSPC, EIO, …), as opposed to a bug in a change or a refusal already named. */
const isWriteError = (err: unknown) => !(err instanceof NotSavedError) && typeof (err as NodeJS.ErrnoException | undefined)?.code === 'string';

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

/** Opens (reading and validating) a document. Throws DataFileError, leaving the file as it was. */
export async function openDocument<S extends z.ZodType>(spec: DocumentSpec<S>): Promise<Document<z.infer<S>>> {
  const db = new Low<z.infer<S>>(new VersionedJsonFile<z.infer<S>>(spec as DocumentSpec<z.ZodType<z.infer<S>>>), spec.defaults());
  await db.read();
  return new Document(db, spec.file);
}
