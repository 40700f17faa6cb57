/**
 * Turns a question or an indexed phrasing into the terms retrieval works on: meaningful words (jieba,
 * stop words removed, English stemmed with Porter) and Chinese character bigrams as a safety net for
 * words jieba splits differently on the two sides (营业执照 vs 执照, typos like 营业执找).
 */
import { broaderTerms } from './concepts.js';
import { stemEnglish } from './natural.js';
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
const HAN_ALL = /\p{Script=Han}/gu;
const LATIN = /^[a-z][a-z0-9'-]*$/u;
const LATIN_ALL = /[a-z]/gu;

function term(word: string): string {
  return LATIN.test(word) && word.length > 3 ? stemEnglish(word.replace(/'s$/u, '')) : word;
}

export class Analyzer {
  constructor(
    readonly normalize: Normalizer,
    private readonly segmenter: Segmenter,
    readonly options: AnalyzerOptions = DEFAULT_ANALYZER_OPTIONS,
  ) {}

  analyze(text: string): Analysis {
    // Language from the text as typed: synonyms may map English words to Chinese terms (licence → 营业执照).
    const han = text.match(HAN_ALL)?.length ?? 0;
    const latin = text.normalize('NFKC').toLowerCase().match(LATIN_ALL)?.length ?? 0;
    return this.analyzeNormalized(this.normalize(text), han === 0 && latin >= 2);
  }

  analyzeNormalized(normalized: string, english: boolean): Analysis {
    const words = new Set<string>();
    const bigrams = new Set<string>();
    let stretch = '';
    const flush = () => {
      const chars = Array.from(stretch);
      for (let i = 0; i + 1 < chars.length; i++) bigrams.add(chars[i]! + chars[i + 1]!);
      stretch = '';
    };
    for (const raw of this.segmenter.cut(normalized)) {
      const word = raw.trim();
      const meaningful = word !== '' && !isStopword(word);
      if (meaningful) words.add(term(word));
      if (meaningful && HAN.test(word)) stretch += word;
      else flush();
    }
    flush();
    const subwords = new Set<string>();
    if (this.options.searchMode) {
      for (const raw of this.segmenter.cutForSearch(normalized)) {
        const word = raw.trim();
        if (word && !isStopword(word) && !words.has(term(word))) subwords.add(term(word));
      }
    }
    const chars = new Set<string>();
    const concepts = new Set<string>();
    for (const w of words) {
      if (this.options.unigrams && HAN.test(w)) for (const c of w) if (HAN.test(c)) chars.add(c);
      if (this.options.concepts) for (const b of broaderTerms(w)) if (!words.has(b)) concepts.add(b);
    }
    return {
      normalized,
      chars: [...chars],
      concepts: [...concepts],
      words: [...words],
      subwords: [...subwords],
      bigrams: this.options.bigrams ? [...bigrams] : [],
      english,
    };
  }
}
