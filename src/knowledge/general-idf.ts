/**
 * How informative a word is in general Chinese: jieba's idf table (270k words, from a large general
 * corpus). The coverage guard weighs a question's words by it, so that 每个, 月, 固定 count little and
 * 红烧肉, 婆媳, 开销 count a lot, whether or not the knowledge base knows them.
 *
 * Parsing the 6 MB table takes ~0.2 s, once per process, on first use; words rarer than the median are
 * not kept (they get the median).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let table: Map<string, number> | undefined;
let median = 12;

function load(): Map<string, number> {
  if (table) return table;
  // @node-rs/jieba has no "exports" map, so the table module is required by its file name.
  const text = (require('@node-rs/jieba/dict.js') as { idf: Uint8Array }).idf.toString();
  const rows: [string, number][] = [];
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) rows.push([line.slice(0, space), Number(line.slice(space + 1))]);
  }
  const values = rows.map((r) => r[1]).sort((a, b) => a - b);
  median = values[values.length >> 1] ?? median;
  // Words at or above the median would get the median anyway as unknown words: keeping only the
  // commoner half halves the table's memory (~12 MB instead of ~25 MB) and changes no weight by much.
  table = new Map(rows.filter((r) => r[1] < median));
  return table;
}

/** General-corpus idf of a word; words jieba's table lacks get its median (they are rare, so informative). */
export function generalIdf(word: string): number {
  return load().get(word) ?? median;
}

/** Loads the table now (build time) rather than on the first question. */
export function preloadGeneralIdf(): void {
  load();
}
