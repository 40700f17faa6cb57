import type { z } from 'zod';
import { DataFileError, NotSavedError } from './errors.js';
import type { DocumentSpec } from './store.js';

function pathOf(error: z.ZodError): string {
  return error.issues[0]!.path.join('.');
}

/**
 * The one check every store applies when it reads a document: a version it knows (older ones migrated), data
 * that matches the schema. `where` names the file or table row in the error, so the operator can find it.
 */
export function decodeDocument<S extends z.ZodType>(where: string, found: number, stored: unknown, spec: DocumentSpec<S>): z.infer<S> {
  const { schema, version, migrations = [] } = spec;
  if (found > version) throw new DataFileError(where, `was written by a newer bot (schema version ${found}, this one knows ${version})`);
  let data = stored;
  for (let v = found; v < version; v++) {
    const migrate = migrations[v - 1];
    if (!migrate) throw new DataFileError(where, `has schema version ${found} and there is no migration from version ${v}`);
    data = migrate(data);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new DataFileError(where, `does not match the schema at data.${pathOf(result.error)} (${result.error.issues[0]!.message})`);
  }
  return result.data;
}

/**
 * The same check before a write: a state the next start would refuse is refused now (NotSavedError, so the user
 * hears "not saved"), and the store keeps the last good state, instead of a merchant's message bricking every later
 * start.
 */
export function checkWritable<S extends z.ZodType>(where: string, data: unknown, spec: DocumentSpec<S>): NotSavedError | undefined {
  const result = spec.schema.safeParse(data);
  if (result.success) return undefined;
  return new NotSavedError(
    where,
    new Error(`it would not match the schema at data.${pathOf(result.error)}: ${result.error.issues[0]!.message}`),
  );
}

/** A journal record read back from a store, checked against the journal's schema; `number` counts from 1. */
export function decodeRecord<T>(where: string, schema: z.ZodType<T>, record: unknown, number: number): T {
  const result = schema.safeParse(record);
  if (!result.success) throw new DataFileError(where, `record ${number} does not match the schema (${result.error.issues[0]?.message})`);
  return result.data;
}

/** Every record a journal's `each` hands over, in order. */
export async function collect<T>(each: (visit: (record: T) => void) => Promise<number>): Promise<T[]> {
  const records: T[] = [];
  await each((record) => records.push(record));
  return records;
}
