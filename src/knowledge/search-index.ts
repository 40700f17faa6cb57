/**
 * The inverted index behind the answerer, built once per knowledge base.
 *
 * Two views of each entry:
 * - its phrasings (question, alternates, English question and alternates, tags), each an idf-weighted
 *   vector: a question close to ONE way merchants ask it scores high (cosine, 0..1);
 * - its bag of terms (all phrasings, and the answer text at a lower weight) scored with BM25 and
 *   normalised to 0..1: catches questions that mix words from several phrasings.
 * Postings are plain typed arrays and the per-question accumulators are reused, so a question costs a
 * few postings walks, no allocation per entry.
 */
import type { Analysis, Analyzer } from './analyze.js';
import type { Entry } from './schema.js';
import { isStopword } from './stopwords.js';

const HAN = /\p{Script=Han}/u;

export interface IndexParams {
  /** Weight of a search-mode sub-word relative to a precise word. */
  subwordWeight: number;
  /** Weight of a character bigram relative to a word. */
  bigramWeight: number;
  /** Weight of a single character relative to a word. */
  charWeight: number;
  /** Weight of a broader term (concepts.ts) relative to a word. */
  conceptWeight: number;
  /** Questions' words unknown to the knowledge base fall back to the known words inside them (最甜 → 最). */
  backoff: boolean;
  /** Weight of answer-text terms in the entry bag (0 = answers are not indexed). */
  answerWeight: number;
  /** Index tags as one more phrasing. */
  tagsAsPhrasing: boolean;
  /** The phrase score adds this share of the entry's second-best phrasing (several phrasings agreeing). */
  secondPhrasingWeight: number;
  /**
   * Question terms found in more than this share of the entries (and in more than 100) are skipped: they
   * barely move the ranking and have the longest postings (speed at 2,000 entries). 1 keeps every term.
   */
  maxDfShare: number;
  /** BM25 parameters for the entry bag. */
  k1: number;
  b: number;
}

export const DEFAULT_INDEX_PARAMS: IndexParams = {
  subwordWeight: 0.5,
  bigramWeight: 0.4,
  charWeight: 0.3,
  conceptWeight: 0.5,
  backoff: true,
  answerWeight: 0,
  tagsAsPhrasing: true,
  secondPhrasingWeight: 0,
  maxDfShare: 0.3,
  k1: 1.2,
  b: 0.5,
};

/** One term of a question with its weight in the question vector. */
export interface QueryTerm {
  feature: number;
  weight: number;
}

export interface RawCandidate {
  entry: number;
  /** Best cosine between the question and one phrasing of the entry. */
  phrase: number;
  /** BM25 of the entry bag, divided by the best score the question could reach. */
  bag: number;
  /** phraseWeight × phrase + (1 - phraseWeight) × bag: the ranking before the coverage check. */
  match: number;
}

const enum Kind {
  Word = 0,
  Subword = 1,
  Bigram = 2,
  Char = 3,
  Concept = 4,
}

interface Phrasing {
  entry: number;
  features: Int32Array;
  kinds: Uint8Array;
}

export class SearchIndex {
  readonly featureIds = new Map<string, number>();
  /** Entry document frequency per feature. */
  private df: number[] = [];
  idf: Float64Array = new Float64Array(0);
  private readonly phrasings: Phrasing[] = [];
  private phrasingNorm = new Float64Array(0);
  private phrasingEntry = new Int32Array(0);
  private phrasingPostings: { phrasings: Int32Array; weights: Float32Array }[] = [];
  private bagPostings: { entries: Int32Array; tf: Float32Array }[] = [];
  private bagLength = new Float64Array(0);
  private avgBagLength = 1;
  /** Normalised text of each entry's phrasings and tags, for substring coverage checks. */
  readonly entryText: string[] = [];
  /** Normalised text of everything in the entry, answers and details included. */
  readonly entryFullText: string[] = [];
  /** Features of everything in the entry, answers and details included. */
  readonly entryFullFeatures: Set<number>[] = [];
  /** Features present in each entry's phrasings and tags. */
  readonly entryFeatures: Set<number>[] = [];
  /** Latin vocabulary by length, for typo tolerance. */
  readonly latinWordsByLength = new Map<number, string[]>();

  // Reused per question.
  private phraseAcc = new Float64Array(0);
  private bagAcc = new Float64Array(0);
  private entryBest = new Float64Array(0);
  private entrySecond = new Float64Array(0);
  // Touched-lists: which accumulator slots a question wrote, so only those are read and reset (a question
  // at 2,000 entries touches up to every phrasing; growing a number[] to that size was most of its garbage).
  private touchedPhrasings = new Int32Array(0);
  private touchedEntries = new Int32Array(0);

  constructor(
    readonly entries: readonly Entry[],
    readonly analyzer: Analyzer,
    readonly params: IndexParams = DEFAULT_INDEX_PARAMS,
  ) {
    this.build();
  }

  private feature(key: string): number {
    let id = this.featureIds.get(key);
    if (id === undefined) {
      id = this.featureIds.size;
      this.featureIds.set(key, id);
      this.df.push(0);
    }
    return id;
  }

  /** Feature ids of an analysis, with their kind. Bigrams live in their own namespace (prefix "#"). */
  private featuresOf(a: Analysis, create: boolean): { id: number; kind: Kind; key: string }[] {
    const out: { id: number; kind: Kind; key: string }[] = [];
    const push = (key: string, kind: Kind) => {
      const id = create ? this.feature(key) : this.featureIds.get(key);
      if (id !== undefined) out.push({ id, kind, key });
    };
    for (const w of a.words) push(w, Kind.Word);
    for (const w of a.subwords) push(w, Kind.Subword);
    for (const b of a.bigrams) push(`#${b}`, Kind.Bigram);
    for (const c of a.chars) push(`~${c}`, Kind.Char);
    // Broader terms share the word namespace: 水果 implied by 橙子 meets 水果 written in an entry.
    for (const c of a.concepts) push(c, Kind.Concept);
    return out;
  }

  private kindWeight(kind: Kind): number {
    switch (kind) {
      case Kind.Word:
        return 1;
      case Kind.Subword:
        return this.params.subwordWeight;
      case Kind.Bigram:
        return this.params.bigramWeight;
      case Kind.Char:
        return this.params.charWeight;
      case Kind.Concept:
        return this.params.conceptWeight;
    }
  }

  private build(): void {
    const n = this.entries.length;
    const bags: Map<number, number>[] = [];
    this.entries.forEach((entry, e) => {
      const bag = new Map<number, number>();
      const present = new Set<number>();
      const texts: string[] = [];
      const addPhrasing = (text: string) => {
        const a = this.analyzer.analyze(text);
        texts.push(a.normalized);
        const feats = this.featuresOf(a, true);
        if (feats.length === 0) return;
        // A feature may come twice (word and sub-word); keep its strongest kind.
        const byId = new Map<number, Kind>();
        for (const f of feats) if (!byId.has(f.id) || f.kind < byId.get(f.id)!) byId.set(f.id, f.kind);
        this.phrasings.push({ entry: e, features: Int32Array.from(byId.keys()), kinds: Uint8Array.from(byId.values()) });
        for (const [id, kind] of byId) {
          present.add(id);
          bag.set(id, (bag.get(id) ?? 0) + this.kindWeight(kind));
        }
      };
      for (const text of [entry.question, ...entry.alternates, ...(entry.en ? [entry.en.question, ...entry.en.alternates] : [])]) addPhrasing(text);
      if (entry.tags.length) {
        if (this.params.tagsAsPhrasing) addPhrasing(entry.tags.join(' '));
        else texts.push(this.analyzer.normalize(entry.tags.join(' ')));
      }
      const full = new Set(present);
      const fullTexts = [...texts];
      for (const body of [entry.answer, entry.detail, entry.en?.answer, entry.en?.detail]) {
        if (!body) continue;
        const a = this.analyzer.analyze(body);
        fullTexts.push(a.normalized);
        for (const f of this.featuresOf(a, true)) {
          full.add(f.id);
          if (body === entry.answer && this.params.answerWeight > 0) {
            bag.set(f.id, (bag.get(f.id) ?? 0) + this.params.answerWeight * this.kindWeight(f.kind));
          }
        }
      }
      this.entryFullFeatures.push(full);
      this.entryFullText.push(fullTexts.join(' | '));
      for (const id of present) this.df[id]! += 1;
      this.entryFeatures.push(present);
      this.entryText.push(texts.join(' | '));
      bags.push(bag);
    });
    // Answer-only features still need a document frequency for BM25.
    bags.forEach((bag, e) => {
      for (const id of bag.keys()) if (!this.entryFeatures[e]!.has(id)) this.df[id]! += 1;
    });

    const features = this.featureIds.size;
    this.idf = new Float64Array(features);
    for (let f = 0; f < features; f++) {
      const df = this.df[f]!;
      this.idf[f] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    for (const [key] of this.featureIds) {
      if (/^[a-z][a-z'-]*$/u.test(key)) {
        const list = this.latinWordsByLength.get(key.length) ?? [];
        list.push(key);
        this.latinWordsByLength.set(key.length, list);
      }
    }

    const postings: { phrasings: number[]; weights: number[] }[] = Array.from({ length: features }, () => ({ phrasings: [], weights: [] }));
    this.phrasingNorm = new Float64Array(this.phrasings.length);
    this.phrasingEntry = Int32Array.from(this.phrasings, (p) => p.entry);
    this.phrasings.forEach((p, i) => {
      let sum = 0;
      for (let k = 0; k < p.features.length; k++) {
        const f = p.features[k]!;
        const w = this.idf[f]! * this.kindWeight(p.kinds[k] as Kind);
        sum += w * w;
        // Only positive weights are posted (a kind weight tuned to 0 posts nothing): search() takes an
        // accumulator still at 0 for one not yet touched, so each slot enters its touched-list once.
        if (w > 0) {
          postings[f]!.phrasings.push(i);
          postings[f]!.weights.push(w);
        }
      }
      this.phrasingNorm[i] = Math.sqrt(sum) || 1;
    });
    this.phrasingPostings = postings.map((p) => ({ phrasings: Int32Array.from(p.phrasings), weights: Float32Array.from(p.weights) }));

    const bagPost: { entries: number[]; tf: number[] }[] = Array.from({ length: features }, () => ({ entries: [], tf: [] }));
    this.bagLength = new Float64Array(n);
    bags.forEach((bag, e) => {
      let len = 0;
      for (const [f, tf] of bag) {
        if (tf > 0) {
          bagPost[f]!.entries.push(e);
          bagPost[f]!.tf.push(tf);
        }
        len += tf;
      }
      this.bagLength[e] = len;
    });
    this.avgBagLength = n ? this.bagLength.reduce((s, x) => s + x, 0) / n || 1 : 1;
    this.bagPostings = bagPost.map((p) => ({ entries: Int32Array.from(p.entries), tf: Float32Array.from(p.tf) }));

    this.phraseAcc = new Float64Array(this.phrasings.length);
    this.bagAcc = new Float64Array(n);
    this.entryBest = new Float64Array(n);
    this.entrySecond = new Float64Array(n);
    this.touchedPhrasings = new Int32Array(this.phrasings.length);
    this.touchedEntries = new Int32Array(n);
  }

  /** The weighted terms of a question; unknown words are dropped here (see `fuzzy`). */
  queryTerms(a: Analysis): QueryTerm[] {
    const seen = new Map<number, number>();
    // Never below 100 entries: in a small knowledge base every term is worth its few postings.
    const maxDf = Math.max(this.params.maxDfShare * this.entries.length, 100);
    const add = (id: number, kind: Kind) => {
      if (this.df[id]! > maxDf) return;
      const w = this.idf[id]! * this.kindWeight(kind);
      if (w > (seen.get(id) ?? 0)) seen.set(id, w);
    };
    for (const f of this.featuresOf(a, false)) add(f.id, f.kind);
    if (this.params.backoff) for (const w of a.words) for (const part of this.knownParts(w)) add(part.id, Kind.Subword);
    return [...seen].map(([feature, weight]) => ({ feature, weight }));
  }

  /**
   * The indexed words inside a Chinese word the index does not know (最甜 → 最), longest first, with their
   * length in characters; empty for a known word or a non-Chinese one.
   */
  knownParts(word: string): { text: string; id: number; length: number }[] {
    if (this.featureIds.has(word) || !HAN.test(word)) return [];
    const chars = Array.from(word);
    const parts: { text: string; id: number; length: number }[] = [];
    for (let length = chars.length - 1; length >= 1; length--) {
      for (let i = 0; i + length <= chars.length; i++) {
        const text = chars.slice(i, i + length).join('');
        const id = this.featureIds.get(text);
        if (id !== undefined && !isStopword(text)) parts.push({ text, id, length });
      }
    }
    return parts;
  }

  /**
   * The `depth` entries with the best match (phraseWeight × best-phrasing cosine + the rest × bag BM25),
   * best first. Touches only the postings of the question's terms and allocates only the result.
   */
  search(terms: readonly QueryTerm[], phraseWeight: number, depth: number): RawCandidate[] {
    const { phraseAcc, bagAcc, entryBest, entrySecond, touchedPhrasings, touchedEntries } = this;
    const second = this.params.secondPhrasingWeight;
    let phrasingCount = 0;
    let entryCount = 0;
    let qNorm = 0;
    let bagMax = 0;
    const { k1, b } = this.params;
    for (const t of terms) {
      qNorm += t.weight * t.weight;
      bagMax += t.weight * (k1 + 1);
      const { phrasings, weights } = this.phrasingPostings[t.feature]!;
      for (let i = 0; i < phrasings.length; i++) {
        const p = phrasings[i]!;
        if (phraseAcc[p] === 0) touchedPhrasings[phrasingCount++] = p;
        phraseAcc[p]! += t.weight * weights[i]!;
      }
      const bag = this.bagPostings[t.feature]!;
      for (let i = 0; i < bag.entries.length; i++) {
        const e = bag.entries[i]!;
        const tf = bag.tf[i]!;
        if (bagAcc[e] === 0) touchedEntries[entryCount++] = e;
        const norm = tf + k1 * (1 - b + (b * this.bagLength[e]!) / this.avgBagLength);
        bagAcc[e]! += (t.weight * tf * (k1 + 1)) / norm;
      }
    }
    qNorm = Math.sqrt(qNorm) || 1;
    for (let j = 0; j < phrasingCount; j++) {
      const p = touchedPhrasings[j]!;
      const cos = phraseAcc[p]! / (qNorm * this.phrasingNorm[p]!);
      phraseAcc[p] = 0;
      const e = this.phrasingEntry[p]!;
      if (cos > entryBest[e]!) {
        entrySecond[e] = entryBest[e]!;
        entryBest[e] = cos;
      } else if (cos > entrySecond[e]!) {
        entrySecond[e] = cos;
      }
    }
    // Keep the best `depth` in a small array sorted descending (insertion): no sort of every touched entry.
    const top: RawCandidate[] = [];
    for (let j = 0; j < entryCount; j++) {
      const e = touchedEntries[j]!;
      const phrase = Math.min(1, (entryBest[e]! + second * entrySecond[e]!) / (1 + second));
      const bag = bagMax ? Math.min(1, bagAcc[e]! / bagMax) : 0;
      const match = phraseWeight * phrase + (1 - phraseWeight) * bag;
      if (top.length < depth || match > top[top.length - 1]!.match) {
        let i = top.length < depth ? top.length : top.length - 1;
        while (i > 0 && top[i - 1]!.match < match) {
          if (i < depth) top[i] = top[i - 1]!;
          i--;
        }
        top[i] = { entry: e, phrase, bag, match };
      }
      bagAcc[e] = 0;
      entryBest[e] = 0;
      entrySecond[e] = 0;
    }
    return top;
  }
}
