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

/**
 * The information of a term the knowledge base keeps whole although general Chinese writes it as several
 * words (电子商务进农村综合示范 = 电子商务 进 农村 综合 示范): the sum of its parts' idf, matched longest first
 * from the left, and never less than `generalIdf` gives it. Jieba's table lacks such a compound, so as one
 * unknown word it would weigh only the median, as much as 政策: a short question naming a programme would
 * then show too little evidence to be answered. Terms of five characters or more only.
 */
export function compoundIdf(word: string): number {
  const t = load();
  const known = t.get(word);
  if (known !== undefined) return known;
  const chars = Array.from(word);
  // Shorter words may be jieba's own, rarer than the median and so left out of the table (通话, 玉镯):
  // split, they would weigh as two or three words.
  if (chars.length < MIN_COMPOUND) return median;
  let sum = 0;
  let parts = 0;
  for (let i = 0; i < chars.length; ) {
    let len = Math.min(MAX_PART, chars.length - i);
    for (; len > 1 && !t.has(chars.slice(i, i + len).join('')); len--);
    sum += t.get(chars.slice(i, i + len).join('')) ?? median;
    parts++;
    i += len;
  }
  return parts > 1 ? Math.max(median, sum) : median;
}

// The shortest term read as a compound: the programme and licence names (个体工商户, 食品生产许可证).
const MIN_COMPOUND = 5;
// The longest part looked up in the table (its words are rarely longer).
const MAX_PART = 4;

/** Loads the table now (build time) rather than on the first question. */
export function preloadGeneralIdf(): void {
  load();
}
