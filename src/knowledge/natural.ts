/**
 * The parts of `natural` the answerer uses, loaded one file at a time.
 *
 * Why not `import natural from 'natural'`: its index requires every module, including the storage
 * back-ends (mongoose, pg, redis clients), which costs ~0.6 s at start-up and pulls dotenv in; the three
 * files below load in a few milliseconds. The package has no `exports` map, so the deep paths are stable
 * public files (natural 8).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Stemmer {
  stem(token: string): string;
}
interface Distances {
  DamerauLevenshteinDistance(source: string, target: string, options?: { restricted?: boolean }): number;
}

const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer;
const distances = require('natural/lib/natural/distance/levenshtein_distance.js') as Distances;
const englishStops = (require('natural/lib/natural/util/stopwords.js') as { words: string[] }).words;

/** Porter stem of one lower-case English word: `stemEnglish('licences') === 'licenc'`. */
export function stemEnglish(word: string): string {
  return porter.stem(word);
}

/** Edit distance counting a swap of two neighbours as one edit (typos like "lisence"). */
export function editDistance(a: string, b: string): number {
  return distances.DamerauLevenshteinDistance(a, b, { restricted: true });
}

/** natural's English stop-word list (170 words). */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(englishStops);
