import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { Store, StoredDocumentSpec, StoredJournalSpec } from './store.js';

export interface StoreContents {
  documents: readonly StoredDocumentSpec<z.ZodType>[];
  journals: readonly StoredJournalSpec<unknown>[];
}

/** One document or journal copied: how many entries the source had, and how many the target has after. */
export interface CopiedItem {
  name: string;
  kind: 'document' | 'journal';
  source: number;
  target: number;
}

/** The target already holds state: a copy never merges into or overwrites it. */
export class CopyRefusedError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'CopyRefusedError';
  }
}

/** Entries of a document: the sizes of its lists and maps (chats, jobs, subscriptions…), so counts can be compared. */
function entries(data: unknown): number {
  if (!data || typeof data !== 'object') return 0;
  return Object.values(data).reduce<number>(
    (sum, v) => sum + (Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
    0,
  );
}

/**
 * Copies every document and journal in `contents` from one store to another, each read and written through its
 * schema (a file the bot would refuse is refused here too), then reads the target back and compares it with the
 * source. The target must be empty of these names. Throws CopyRefusedError when it is not, or when the read-back
 * differs.
 */
export async function copyStore(from: Store, to: Store, contents: StoreContents): Promise<CopiedItem[]> {
  const report: CopiedItem[] = [];
  const documents = [];
  for (const { name, spec } of contents.documents) {
    const source = await from.document(name, spec);
    const target = await to.document(name, spec);
    if (!isDeepStrictEqual(target.data, spec.defaults()))
      throw new CopyRefusedError(`${to.description} already holds ${name}; copy into an empty store`);
    documents.push({ name, spec, source, target });
  }
  const journals = [];
  for (const { name, schema } of contents.journals) {
    const records = await from.journal(name, schema).readAll();
    const target = to.journal(name, schema);
    if ((await target.readAll()).length)
      throw new CopyRefusedError(`${to.description} already holds records of ${name}; copy into an empty store`);
    journals.push({ name, schema, records, target });
  }
  for (const { source, target } of documents) {
    // The whole state replaced: every key of the source, none left over from the target's defaults.
    await target.change((data) => {
      const into = data as Record<string, unknown>;
      for (const key of Object.keys(into)) delete into[key];
      Object.assign(into, structuredClone(source.data));
    });
  }
  for (const { records, target } of journals) await target.rewrite(records);

  for (const { name, spec, source } of documents) {
    const copied = (await to.document(name, spec)).data;
    if (!isDeepStrictEqual(copied, source.data)) throw new CopyRefusedError(`${name} reads back different from the source`);
    report.push({ name, kind: 'document', source: entries(source.data), target: entries(copied) });
  }
  for (const { name, schema, records } of journals) {
    const copied = await to.journal(name, schema).readAll();
    if (!isDeepStrictEqual(copied, records))
      throw new CopyRefusedError(`${name} reads back different from the source (${copied.length} of ${records.length} records)`);
    report.push({ name, kind: 'journal', source: records.length, target: copied.length });
  }
  return report;
}
