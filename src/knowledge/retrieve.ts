/**
 * Ranks entries for one question: index search, typo tolerance for English words, and the share of the
 * question's meaningful words each top candidate covers (the guard against weak word overlap).
 */
import type { Analysis } from './analyze.js';
import { broaderTerms } from './concepts.js';
import { compoundIdf, generalIdf, preloadGeneralIdf } from './general-idf.js';
import { editDistance } from './natural.js';
import { memoize } from './memo.js';
import type { QueryTerm, SearchIndex } from './search-index.js';

export interface RetrieveParams {
  /**
   * Weight of the best-phrasing cosine in the score; the rest is the entry-bag BM25. 0.2 rather than 0.35 by
   * cross-validation (`cv.ts --folds 8`, after the curation of 2026-11-28: rank-1 0.884 → 0.891; 0.15 ties), and
   * one close phrasing is less often a chance match.
   */
  phraseWeight: number;
  /** How many top candidates get a coverage check and are returned. */
  depth: number;
  /** Score multiplier is (1 - coverageWeight) + coverageWeight × coverage. */
  coverageWeight: number;
  /** Weight of a word jieba's vocabulary never saw in the knowledge base, relative to the rarest known word. */
  unknownWordWeight: number;
  /** Weight of a typo-corrected English word relative to the word itself. */
  fuzzyWeight: number;
  /** Weigh the question's words for coverage by general-Chinese idf (true) or by knowledge-base idf. */
  generalWeights: boolean;
  /** Weight of an English word for coverage when `generalWeights` is on (jieba's table is Chinese). */
  latinWeight: number;
  /** Coverage weight factor of the knowledge base's own terms (synonym canonicals, dictionary, tags). */
  domainBoost: number;
  /** Coverage weight of a number. */
  digitWeight: number;
  /** Coverage weight factor of a one-character Chinese word. */
  singleCharFactor: number;
  /** Coverage is raised to this power in the score factor (above 1: punish partial coverage harder). */
  coveragePower: number;
  /** Coverage blends the share found anywhere in the entry (this weight) and in its phrasings (the rest). */
  fullCoverageWeight: number;
}

export const DEFAULT_RETRIEVE_PARAMS: RetrieveParams = {
  phraseWeight: 0.2,
  depth: 20,
  coverageWeight: 1,
  unknownWordWeight: 1,
  fuzzyWeight: 0.8,
  fullCoverageWeight: 0.7,
  coveragePower: 1,
  generalWeights: true,
  latinWeight: 8,
  domainBoost: 1,
  digitWeight: 2,
  singleCharFactor: 0.6,
};

export interface Candidate {
  entry: number;
  /** Final confidence, 0..1. */
  score: number;
  /** Ranking score before the coverage factor. */
  match: number;
  phrase: number;
  bag: number;
  /** Share of the question's meaningful words found in the entry, 0..1. */
  coverage: number;
  /** The information (sum of word weights) of the question the entry covers. */
  evidence: number;
}

export interface Ranking {
  analysis: Analysis;
  /** FAQ entries, best first. */
  candidates: Candidate[];
  /** The topic (index into the knowledge's off-topic list) of the best-matching off-topic example, if any. */
  offTopic?: { topic: number; score: number; coverage: number; evidence: number };
}

const HAN = /\p{Script=Han}/u;

// 你/您 say whom a question is for, not what it is about: they rank (the bot's own entries are phrased with
// them: 你能干啥) but weigh nothing in the coverage guard, so a polite 请问您，… is not a less covered question.
const ADDRESS_WORDS: ReadonlySet<string> = new Set(['你', '您']);
const LATIN_WORD = /^[a-z][a-z'-]*$/u;

export class Retriever {
  private readonly maxIdf: number;
  private readonly faqCount: number;
  /** What the coverage check needs for one question word: pure given the index and parameters, and words recur. */
  private readonly wordPlan = memoize((w) => this.makePlan(w));

  /**
   * @param domainTerms the knowledge base's own vocabulary (synonym canonicals, dictionary words, tags),
   *   normalised: these words weigh `domainBoost` times more in the coverage guard.
   * @param offTopicOf for the index's last documents, off-topic examples, the topic each belongs to: they
   *   compete in the ranking but are reported apart (the documents before them are FAQ entries).
   */
  constructor(
    readonly index: SearchIndex,
    readonly params: RetrieveParams = DEFAULT_RETRIEVE_PARAMS,
    private readonly domainTerms: ReadonlySet<string> = new Set(),
    private readonly offTopicOf: readonly number[] = [],
  ) {
    this.faqCount = index.entries.length - offTopicOf.length;
    if (this.faqCount < 0) throw new Error(`${offTopicOf.length} off-topic examples but only ${index.entries.length} indexed documents`);
    this.maxIdf = index.idf.reduce((m, x) => Math.max(m, x), 0) || 1;
    if (params.generalWeights) preloadGeneralIdf();
  }

  /** The closest indexed English word within one edit (two for long words), or undefined (memoised with the word's plan). */
  private correct(word: string): string | undefined {
    if (word.length < 4) return undefined;
    const limit = word.length >= 8 ? 2 : 1;
    const counts = letterCounts(word);
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (let len = word.length - limit; len <= word.length + limit; len++) {
      for (const candidate of this.index.latinWordsByLength.get(len) ?? []) {
        if (candidate[0] !== word[0] && candidate[1] !== word[1]) continue;
        // Cheap bound before natural's edit distance: k edits change the letter counts by at most 2k.
        if (letterDifference(counts, candidate) > 2 * limit) continue;
        const d = editDistance(word, candidate);
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate;
        }
      }
    }
    return best;
  }

  rank(analysis: Analysis): Ranking {
    const index = this.index;
    const terms: QueryTerm[] = index.queryTerms(analysis);
    const plan = analysis.words.map((w) => this.wordPlan(w));
    // Typos in English words: "lisence" finds "licenc" (stems).
    for (const w of plan) if (w.fuzzyTerm) terms.push(w.fuzzyTerm);
    if (terms.length === 0) return { analysis, candidates: [] };

    const { phraseWeight, depth, coverageWeight, fullCoverageWeight: f, coveragePower } = this.params;
    let total = 0;
    for (const w of plan) total += w.weight;
    const top = index.search(terms, phraseWeight, depth).map((c): Candidate => {
      const phrased = this.covered(plan, c.entry, false);
      const anywhere = this.covered(plan, c.entry, true);
      const coverage = f * (total ? anywhere / total : 0) + (1 - f) * (total ? phrased / total : 0);
      const evidence = f * anywhere + (1 - f) * phrased;
      const score = c.match * (1 - coverageWeight + coverageWeight * coverage ** coveragePower);
      return { entry: c.entry, phrase: c.phrase, bag: c.bag, match: c.match, coverage, evidence, score };
    });
    sortByScore(top);
    if (this.faqCount === index.entries.length) return { analysis, candidates: top };
    const faq: Candidate[] = [];
    let offTopic: Ranking['offTopic'];
    for (const c of top) {
      if (c.entry < this.faqCount) faq.push(c);
      else offTopic ??= { topic: this.offTopicOf[c.entry - this.faqCount]!, score: c.score, coverage: c.coverage, evidence: c.evidence };
    }
    return offTopic ? { analysis, candidates: faq, offTopic } : { analysis, candidates: faq };
  }

  private makePlan(w: string): WordPlan {
    const index = this.index;
    let fix: string | undefined;
    let fuzzyTerm: QueryTerm | undefined;
    if (LATIN_WORD.test(w) && !index.featureIds.has(w)) {
      const candidate = this.correct(w);
      const id = candidate === undefined ? undefined : index.featureIds.get(candidate);
      if (id !== undefined) {
        fix = candidate;
        // A zero weight would leave its accumulators at 0, the index's mark for "untouched" (fuzzyWeight 0).
        const weight = index.idf[id]! * this.params.fuzzyWeight;
        if (weight > 0) fuzzyTerm = { feature: id, weight };
      }
    }
    const id = index.featureIds.get(fix ?? w);
    const weight = this.params.generalWeights
      ? this.wordWeight(w)
      : id === undefined ? this.maxIdf * this.params.unknownWordWeight : index.idf[id]!;
    const han = HAN.test(w);
    const chars = Array.from(w);
    // Known words inside an unknown one (最甜 → 最), credited by the share of the word they span.
    const parts = index.knownParts(w).map((p) => ({ text: p.text, credit: (0.6 * p.length) / chars.length }));
    const bigrams: string[] = [];
    if (han && chars.length >= 3) for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i]! + chars[i + 1]!);
    return {
      word: w,
      id,
      weight,
      han,
      fuzzy: fix !== undefined,
      fuzzyTerm,
      broader: han ? broaderTerms(w).map((b) => ({ text: b, id: index.featureIds.get(b) })) : [],
      bigrams,
      parts,
    };
  }

  /**
   * The information (sum of weights of the question's words) that the entry contains: in its phrasings and
   * tags, or with `full` anywhere in it (answer and detail included). A number, not an object: it runs twice
   * per candidate.
   */
  private covered(plan: readonly WordPlan[], entry: number, full: boolean): number {
    const index = this.index;
    const features = (full ? index.entryFullFeatures : index.entryFeatures)[entry]!;
    const text = (full ? index.entryFullText : index.entryText)[entry]!;
    let covered = 0;
    for (const w of plan) {
      if (w.id !== undefined && features.has(w.id)) covered += w.fuzzy ? w.weight * this.params.fuzzyWeight : w.weight;
      else if (w.han && text.includes(w.word)) covered += w.weight;
      else if (w.han) covered += w.weight * partialCredit(w, features, text);
    }
    return covered;
  }

  /**
   * How much a word says about the topic: general-Chinese idf, less for digits (7天 → 7|天) and single
   * characters (often fragments of a word jieba did not know), a constant for English words.
   */
  private wordWeight(word: string): number {
    if (ADDRESS_WORDS.has(word)) return 0;
    const domain = this.domainTerms.has(word);
    // A number is mostly a quantity (3天, 5斤) and tells little; one the knowledge base names (832, 12315) is a topic.
    if (/^[0-9.%]+$/u.test(word)) return domain ? generalIdf(word) * this.params.domainBoost : this.params.digitWeight;
    if (LATIN_WORD.test(word)) return this.params.latinWeight;
    const idf = domain ? compoundIdf(word) * this.params.domainBoost : generalIdf(word);
    return Array.from(word).length === 1 ? idf * this.params.singleCharFactor : idf;
  }
}

/** Best score first, ties in their order: a stable insertion sort (20 candidates; Array#sort copies them). */
function sortByScore(list: Candidate[]): void {
  for (let i = 1; i < list.length; i++) {
    const c = list[i]!;
    let j = i;
    while (j > 0 && list[j - 1]!.score < c.score) {
      list[j] = list[j - 1]!;
      j--;
    }
    list[j] = c;
  }
}

function letterCounts(word: string): Int16Array {
  const counts = new Int16Array(27);
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    counts[c >= 0 && c < 26 ? c : 26]!++;
  }
  return counts;
}

function letterDifference(counts: Int16Array, other: string): number {
  const diff = counts.slice();
  for (let i = 0; i < other.length; i++) {
    const c = other.charCodeAt(i) - 97;
    diff[c >= 0 && c < 26 ? c : 26]!--;
  }
  let total = 0;
  for (let i = 0; i < 27; i++) total += Math.abs(diff[i]!);
  return total;
}

// Half credit: 抖店 in 抖店保证金多少 is answered by an entry on every platform's deposit, but the question
// was more specific than the entry (0.7 let more near-miss out-of-scope questions through, measured).
const BROADER_TERM_CREDIT = 0.5;

interface WordPlan {
  word: string;
  id: number | undefined;
  weight: number;
  han: boolean;
  fuzzy: boolean;
  /** The typo-corrected English word's term, added to the question's terms. */
  fuzzyTerm: QueryTerm | undefined;
  broader: { text: string; id: number | undefined }[];
  bigrams: string[];
  parts: { text: string; credit: number }[];
}

/**
 * Partial credit for a Chinese word the entry does not contain: its broader term is there (橙子 → 水果),
 * or, for a long word split differently, most of its bigrams are, or a known word inside it is (最甜 → 最).
 */
function partialCredit(w: WordPlan, features: ReadonlySet<number>, text: string): number {
  let best = 0;
  for (const b of w.broader) {
    if ((b.id !== undefined && features.has(b.id)) || text.includes(b.text)) {
      best = BROADER_TERM_CREDIT;
      break;
    }
  }
  if (w.bigrams.length) {
    let hits = 0;
    for (const bg of w.bigrams) if (text.includes(bg)) hits++;
    best = Math.max(best, (0.8 * hits) / w.bigrams.length);
  }
  for (const part of w.parts) if (part.credit > best && text.includes(part.text)) best = part.credit;
  return best;
}
