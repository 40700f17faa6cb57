import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import { DataFileError } from './errors.js';

/** Turns the data of version N into version N+1; index 0 upgrades version 1 to 2. */
export type Migration = (data: unknown) => unknown;

export interface DocumentSpec<S extends z.ZodType> {
  file: string;
  schema: S;
  /** Current schema version; files carry `{ "version": n, "data": … }`. */
  version: number;
  migrations?: Migration[];
  defaults: () => z.infer<S>;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function pathOf(error: z.ZodError): string {
  return error.issues[0]!.path.join('.');
}

/**
 * lowdb adapter for one versioned JSON file: validated with zod when read, migrated when its version is old,
 * written atomically and one write at a time (a later snapshot never lands before an earlier one).
 */
class VersionedJsonFile<T> implements Adapter<T> {
  private queue: Promise<void> = Promise.resolve();

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
    if (!result.success) return Promise.reject(new DataFileError(this.spec.file, `would not match the schema at data.${pathOf(result.error)} (${result.error.issues[0]!.message}); not written`));
    const text = JSON.stringify({ version: this.spec.version, data }, null, 1);
    const run = this.queue.then(() => writeFileAtomic(this.spec.file, text));
    this.queue = run.catch(() => {});
    return run;
  }
}

/** Opens (reading and validating) a lowdb document. Throws DataFileError, leaving the file as it was. */
export async function openDocument<S extends z.ZodType>(spec: DocumentSpec<S>): Promise<Low<z.infer<S>>> {
  const db = new Low<z.infer<S>>(new VersionedJsonFile<z.infer<S>>(spec as DocumentSpec<z.ZodType<z.infer<S>>>), spec.defaults());
  await db.read();
  return db;
}
