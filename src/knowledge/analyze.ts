/**
 * Turns a question or an indexed phrasing into the terms retrieval works on: meaningful words (jieba,
 * stop words removed, English stemmed with Porter) and Chinese character bigrams as a safety net for
 * words jieba splits differently on the two sides (营业执照 vs 执照, typos like 营业执找).
 */
import { broaderTerms } from './concepts.js';
import { stemEnglish } from './natural.js';
import { memoize } from './memo.js';
import type { Normalizer } from './normalize.js';
import type { Segmenter } from './segment.js';
import { isStopword } from './stopwords.js';

export interface AnalyzerOptions {
  /** Also index the shorter words inside long ones (jieba search mode). */
  searchMode: boolean;
  /** Add character bigrams of the meaningful Chinese stretches. */
  bigrams: boolean;
  /** Add the single characters of meaningful Chinese words. */
  unigrams: boolean;
  /** Add broader terms (橙子 → 水果, 农产品) from concepts.ts. */
  concepts: boolean;
}

export const DEFAULT_ANALYZER_OPTIONS: AnalyzerOptions = { searchMode: true, bigrams: true, unigrams: true, concepts: true };

export interface Analysis {
  normalized: string;
  /** Meaningful words in precise segmentation, unique, in order: what a match must cover. */
  words: string[];
  /** Sub-words from search mode not already in `words`. */
  subwords: string[];
  /** Bigrams of the meaningful Chinese stretches, unique. */
  bigrams: string[];
  /** Characters of the meaningful Chinese words, unique (when enabled). */
  chars: string[];
  /** Broader terms implied by the words (when enabled), not already among them. */
  concepts: string[];
  /** The question is written in English (Latin letters, no Chinese). */
  english: boolean;
}

const HAN = /\p{Script=Han}/u;
const LATIN = /^[a-z][a-z0-9'-]*$/u;
// At least two Latin letters (tested without building the list of matches).
const TWO_LATIN = /[a-z][^a-z]*[a-z]/u;

const stem = memoize((word) => stemEnglish(word.replace(/'s$/u, '')));

function term(word: string): string {
  return !LATIN.test(word) || word.length <= 3 ? word : stem(word);
}

/** Appends `item` unless present: the lists are a question's few words, where this beats a Set per list. */
function pushUnique(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** Adds the character bigrams of a Chinese stretch, walking code points instead of splitting into an array. */
function addBigrams(stretch: string, out: Set<string>): void {
  let previous = -1;
  for (let i = 0; i < stretch.length; ) {
    const next = i + ((stretch.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
    if (previous >= 0) out.add(stretch.slice(previous, next));
    previous = i;
    i = next;
  }
}

export class Analyzer {
  constructor(
    readonly normalize: Normalizer,
    private readonly segmenter: Segmenter,
    readonly options: AnalyzerOptions = DEFAULT_ANALYZER_OPTIONS,
  ) {}

  /** The Chinese characters of a word: the unigram terms of a question. */
  private readonly charsOf = memoize((word): readonly string[] => Array.from(word).filter((c) => HAN.test(c)));

  analyze(text: string): Analysis {
    // Language from the text as typed: synonyms may map English words to Chinese terms (licence → 营业执照).
    // English: no Chinese character, and at least two Latin letters once NFKC and lower-cased.
    const english = !HAN.test(text) && TWO_LATIN.test(text.normalize('NFKC').toLowerCase());
    return this.analyzeNormalized(this.normalize(text), english);
  }

  analyzeNormalized(normalized: string, english: boolean): Analysis {
    const words: string[] = [];
    const bigrams = new Set<string>();
    let stretch = '';
    for (const raw of this.segmenter.cut(normalized)) {
      const word = raw.trim();
      const meaningful = word !== '' && !isStopword(word);
      if (meaningful) pushUnique(words, term(word));
      if (meaningful && HAN.test(word)) {
        stretch += word;
      } else if (stretch) {
        addBigrams(stretch, bigrams);
        stretch = '';
      }
    }
    if (stretch) addBigrams(stretch, bigrams);
    const subwords: string[] = [];
    if (this.options.searchMode) {
      for (const raw of this.segmenter.cutForSearch(normalized)) {
        const word = raw.trim();
        if (!word || isStopword(word)) continue;
        const t = term(word);
        if (!words.includes(t)) pushUnique(subwords, t);
      }
    }
    const chars: string[] = [];
    const concepts: string[] = [];
    for (const w of words) {
      if (this.options.unigrams && HAN.test(w)) for (const c of this.charsOf(w)) pushUnique(chars, c);
      if (this.options.concepts) for (const b of broaderTerms(w)) if (!words.includes(b)) pushUnique(concepts, b);
    }
    return { normalized, chars, concepts, words, subwords, bigrams: this.options.bigrams ? [...bigrams] : [], english };
  }
}
