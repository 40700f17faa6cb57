import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, isMap, isSeq, parseDocument, type ToStringOptions, type YAMLMap } from 'yaml';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { lintKnowledge } from '../lint.js';
import { readKnowledgeFiles, type KnowledgeFiles, type KnowledgeProblem } from '../load.js';

/**
 * How the knowledge files are written (flow lists as `[a, b]`, long lines never folded): with these the yaml
 * package prints the bundled files back byte for byte, so adding one alternate adds one line.
 */
const TO_STRING: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false };

export type AddAlternateResult =
  | { status: 'added'; file: string; line: number }
  /** The folder would fail the lint with the new phrasing: nothing was written. */
  | { status: 'refused'; problems: KnowledgeProblem[] }
  /** The entry is not in the folder (any more). */
  | { status: 'missing' }
  /** Printing the file back would change more than the new line (an unusual layout): nothing was written. */
  | { status: 'layout'; file: string }
  /** The file changed on disk while the edit was being checked: nothing was written. */
  | { status: 'changed'; file: string };

export interface AddAlternateOptions {
  /** The knowledge lint (npm run kb:lint's); replaceable in tests. */
  lint?: (dir: string) => Promise<Pick<KnowledgeFiles, 'problems'>>;
}

/**
 * Adds `phrasing` to entry `entryId`'s alternates in its YAML file under `<dir>/faq`, through the yaml package's
 * Document API so comments and layout stay as they were. A phrasing without Chinese characters goes to the English
 * alternates when the entry has them. The result is linted in a temporary copy of the folder first; the real file
 * is replaced (atomically) only if the lint passes and the only change is the added line.
 *
 * @example
 * await addAlternate('knowledge', 'reg-ecommerce-law-art10', '开网店要营业执照吗') // → { status: 'added', file, line }
 */
export async function addAlternate(dir: string, entryId: string, phrasing: string, options: AddAlternateOptions = {}): Promise<AddAlternateResult> {
  const loaded = (await readKnowledgeFiles(dir)).entries.find((e) => e.entry.id === entryId);
  if (!loaded) return { status: 'missing' };
  const name = path.basename(loaded.file);
  const file = path.join(dir, 'faq', name);
  const original = await readFile(file, 'utf8');
  const doc = parseDocument(original);
  const items: unknown[] = isSeq(doc.contents) ? doc.contents.items : [];
  const item = items.filter(isMap).find((i) => i.get('id') === entryId);
  if (!item) return { status: 'missing' };
  const en: unknown = item.get('en', true);
  addTo(doc, isMap(en) && !/\p{Script=Han}/u.test(phrasing) ? en : item, phrasing);
  // The yaml printer ends a document with one newline; the file's own ending is kept.
  const edited = doc.toString(TO_STRING).replace(/\n*$/, /\n*$/.exec(original)![0]);
  const line = insertedLine(original, edited);
  if (line === undefined) return { status: 'layout', file: loaded.file };

  const problems = await lintCopy(dir, name, edited, options.lint ?? lintKnowledge);
  if (problems.length) return { status: 'refused', problems };
  if ((await readFile(file, 'utf8')) !== original) return { status: 'changed', file: loaded.file };
  await writeFileAtomic(file, edited, (await stat(file)).mode & 0o777);
  return { status: 'added', file: loaded.file, line };
}

export type AddEntryResult = { status: 'added'; file: string; line: number } | { status: 'refused'; problems: KnowledgeProblem[] } | { status: 'changed'; file: string };

/**
 * Appends a new entry (already checked against the entry schema by the caller) to `<dir>/faq/<category>.yaml`,
 * leaving every existing line as it was; the folder is linted with it first, and nothing is written when the lint
 * fails, as with addAlternate.
 */
export async function addEntry(dir: string, entry: Record<string, unknown> & { category: string }, options: AddAlternateOptions = {}): Promise<AddEntryResult> {
  const name = `${entry.category}.yaml`;
  const file = path.join(dir, 'faq', name);
  const shown = path.join(path.basename(path.resolve(dir)), 'faq', name);
  const original = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? '' : Promise.reject(err)));
  const item = new Document([entry]).toString(TO_STRING);
  const edited = `${original}${original && !original.endsWith('\n') ? '\n' : ''}${original ? '\n' : ''}${item}`;
  const problems = await lintCopy(dir, name, edited, options.lint ?? lintKnowledge);
  if (problems.length) return { status: 'refused', problems };
  if ((await readFile(file, 'utf8').catch(() => '')) !== original) return { status: 'changed', file: shown };
  await writeFileAtomic(file, edited, original ? (await stat(file)).mode & 0o777 : 0o644);
  return { status: 'added', file: shown, line: original.split('\n').length + (original ? 1 : 0) };
}

// Appends to the map's `alternates` list, creating it right after `question` when the entry has none.
function addTo(doc: Document, map: YAMLMap, phrasing: string): void {
  const list = map.get('alternates', true);
  if (isSeq(list)) {
    list.add(doc.createNode(phrasing));
    return;
  }
  const pair = doc.createPair('alternates', [phrasing]);
  const at = map.items.findIndex((p) => (p.key as { value?: unknown } | null)?.value === 'question');
  map.items.splice(at + 1, 0, pair);
}

/**
 * The 1-based line where `edited` starts to differ from `original`, if `edited` is `original` with one run of
 * whole lines inserted there and nothing else changed; undefined otherwise.
 */
export function insertedLine(original: string, edited: string): number | undefined {
  const a = original.split('\n');
  const b = edited.split('\n');
  if (b.length <= a.length) return undefined;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  const added = b.length - a.length;
  for (let i = start; i < a.length; i++) if (a[i] !== b[i + added]) return undefined;
  return start + 1;
}

// Lints the folder as it would be with `name` replaced: a copy under the same folder name, so problems read as
// the real files' (knowledge/faq/shop.yaml:12).
async function lintCopy(dir: string, name: string, text: string, lint: (dir: string) => Promise<Pick<KnowledgeFiles, 'problems'>>): Promise<KnowledgeProblem[]> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'kb-accept-'));
  try {
    const copy = path.join(scratch, path.basename(path.resolve(dir)));
    await cp(dir, copy, { recursive: true });
    await writeFile(path.join(copy, 'faq', name), text);
    return (await lint(copy)).problems;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
