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
import { memoize } from './memo.js';
import { phrasingsOf, type Entry } from './schema.js';
import { isStopword } from './stopwords.js';

/** What the index reads of an entry: its phrasings, tags and answer texts (FAQ entries and off-topic examples). */
export type IndexedDocument = Pick<Entry, 'question' | 'alternates' | 'answer' | 'detail' | 'tags' | 'en'>;

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

/** An indexed word inside an unknown one, with its length in characters. */
interface KnownPart {
  text: string;
  id: number;
  length: number;
}

const NO_PARTS: readonly KnownPart[] = Object.freeze([]);

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
  /** BM25's length term per entry, k1 × (1 - b + b × length / average length): fixed once the index is built. */
  private bagLengthNorm = new Float64Array(0);
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
  // The best `depth` entries so far, best first, in parallel arrays (grown when a caller asks for more).
  private topEntry = new Int32Array(0);
  private topPhrase = new Float64Array(0);
  private topBag = new Float64Array(0);
  private topMatch = new Float64Array(0);
  // A question's term weights by feature, and the features in the order first seen (queryTerms).
  private termWeight = new Float64Array(0);
  private termOrder = new Int32Array(0);
  private termCount = 0;
  // The bigram and character features by their bare text, so a question looks them up without building
  // the prefixed key ("#" + bigram) per bigram.
  private readonly bigramIds = new Map<string, number>();
  private readonly charIds = new Map<string, number>();
  /** Terms in more entries than this are skipped in questions (maxDfShare; never below 100 entries: in a small knowledge base every term is worth its few postings). */
  private readonly maxDf: number;
  // knownParts per word: pure given the index, and asked for every unknown word of every question.
  private readonly knownPartsMemo = memoize((word) => this.findKnownParts(word));

  constructor(
    readonly entries: readonly IndexedDocument[],
    readonly analyzer: Analyzer,
    readonly params: IndexParams = DEFAULT_INDEX_PARAMS,
  ) {
    this.maxDf = Math.max(params.maxDfShare * entries.length, 100);
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

  /**
   * Feature ids of an analysis, with their kind, created as needed (build time). Bigrams and characters live
   * in their own namespaces (prefixes "#" and "~"); `queryTerms` walks the same lists in the same order.
   */
  private featuresOf(a: Analysis): { id: number; kind: Kind }[] {
    const out: { id: number; kind: Kind }[] = [];
    for (const w of a.words) out.push({ id: this.feature(w), kind: Kind.Word });
    for (const w of a.subwords) out.push({ id: this.feature(w), kind: Kind.Subword });
    for (const b of a.bigrams) {
      const id = this.feature(`#${b}`);
      this.bigramIds.set(b, id);
      out.push({ id, kind: Kind.Bigram });
    }
    for (const c of a.chars) {
      const id = this.feature(`~${c}`);
      this.charIds.set(c, id);
      out.push({ id, kind: Kind.Char });
    }
    // Broader terms share the word namespace: 水果 implied by 橙子 meets 水果 written in an entry.
    for (const c of a.concepts) out.push({ id: this.feature(c), kind: Kind.Concept });
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
        const feats = this.featuresOf(a);
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
      for (const text of phrasingsOf(entry)) addPhrasing(text);
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
        for (const f of this.featuresOf(a)) {
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
    const bagLength = new Float64Array(n);
    bags.forEach((bag, e) => {
      let len = 0;
      for (const [f, tf] of bag) {
        if (tf > 0) {
          bagPost[f]!.entries.push(e);
          bagPost[f]!.tf.push(tf);
        }
        len += tf;
      }
      bagLength[e] = len;
    });
    const avgBagLength = n ? bagLength.reduce((s, x) => s + x, 0) / n || 1 : 1;
    const { k1, b } = this.params;
    this.bagLengthNorm = bagLength.map((len) => k1 * (1 - b + (b * len) / avgBagLength));
    this.bagPostings = bagPost.map((p) => ({ entries: Int32Array.from(p.entries), tf: Float32Array.from(p.tf) }));

    this.phraseAcc = new Float64Array(this.phrasings.length);
    this.bagAcc = new Float64Array(n);
    this.entryBest = new Float64Array(n);
    this.entrySecond = new Float64Array(n);
    this.touchedPhrasings = new Int32Array(this.phrasings.length);
    this.touchedEntries = new Int32Array(n);
    this.termWeight = new Float64Array(features);
    this.termOrder = new Int32Array(features);
  }

  /** The weighted terms of a question; unknown words are dropped here (see `fuzzy`). */
  queryTerms(a: Analysis): QueryTerm[] {
    const { featureIds, bigramIds, charIds } = this;
    this.termCount = 0;
    for (const w of a.words) this.addTerm(featureIds.get(w), Kind.Word);
    for (const w of a.subwords) this.addTerm(featureIds.get(w), Kind.Subword);
    for (const b of a.bigrams) this.addTerm(bigramIds.get(b), Kind.Bigram);
    for (const c of a.chars) this.addTerm(charIds.get(c), Kind.Char);
    for (const c of a.concepts) this.addTerm(featureIds.get(c), Kind.Concept);
    if (this.params.backoff) for (const w of a.words) for (const part of this.knownParts(w)) this.addTerm(part.id, Kind.Subword);
    const terms: QueryTerm[] = new Array<QueryTerm>(this.termCount);
    for (let j = 0; j < this.termCount; j++) {
      const feature = this.termOrder[j]!;
      terms[j] = { feature, weight: this.termWeight[feature]! };
      this.termWeight[feature] = 0;
    }
    return terms;
  }

  /** One feature of a question at its kind's weight; a feature seen twice keeps its best weight and first place. */
  private addTerm(id: number | undefined, kind: Kind): void {
    if (id === undefined || this.df[id]! > this.maxDf) return;
    const w = this.idf[id]! * this.kindWeight(kind);
    const before = this.termWeight[id]!;
    if (w > before) {
      if (before === 0) this.termOrder[this.termCount++] = id;
      this.termWeight[id] = w;
    }
  }

  /**
   * The indexed words inside a Chinese word the index does not know (最甜 → 最), longest first, with their
   * length in characters; empty for a known word or a non-Chinese one.
   */
  knownParts(word: string): readonly KnownPart[] {
    if (this.featureIds.has(word) || !HAN.test(word)) return NO_PARTS;
    return this.knownPartsMemo(word);
  }

  private findKnownParts(word: string): readonly KnownPart[] {
    const chars = Array.from(word);
    const parts: KnownPart[] = [];
    for (let length = chars.length - 1; length >= 1; length--) {
      for (let i = 0; i + length <= chars.length; i++) {
        const text = chars.slice(i, i + length).join('');
        const id = this.featureIds.get(text);
        if (id !== undefined && !isStopword(text)) parts.push({ text, id, length });
      }
    }
    return parts.length ? parts : NO_PARTS;
  }

  /**
   * The `depth` entries with the best match (phraseWeight × best-phrasing cosine + the rest × bag BM25),
   * best first. Touches only the postings of the question's terms and allocates only the result.
   */
  search(terms: readonly QueryTerm[], phraseWeight: number, depth: number): RawCandidate[] {
    const { phraseAcc, bagAcc, entryBest, entrySecond, touchedPhrasings, touchedEntries, bagLengthNorm } = this;
    const second = this.params.secondPhrasingWeight;
    let phrasingCount = 0;
    let entryCount = 0;
    let qNorm = 0;
    let bagMax = 0;
    const { k1 } = this.params;
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
        bagAcc[e]! += (t.weight * tf * (k1 + 1)) / (tf + bagLengthNorm[e]!);
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
    // Keep the best `depth` sorted descending (insertion): no sort of every touched entry, and no object
    // per entry that passes through the top on its way out.
    if (this.topMatch.length < depth) this.growTop(depth);
    const { topEntry, topPhrase, topBag, topMatch } = this;
    let count = 0;
    for (let j = 0; j < entryCount; j++) {
      const e = touchedEntries[j]!;
      const phrase = Math.min(1, (entryBest[e]! + second * entrySecond[e]!) / (1 + second));
      const bag = bagMax ? Math.min(1, bagAcc[e]! / bagMax) : 0;
      const match = phraseWeight * phrase + (1 - phraseWeight) * bag;
      if (depth > 0 && (count < depth || match > topMatch[count - 1]!)) {
        let i = count < depth ? count++ : count - 1;
        while (i > 0 && topMatch[i - 1]! < match) {
          topEntry[i] = topEntry[i - 1]!;
          topPhrase[i] = topPhrase[i - 1]!;
          topBag[i] = topBag[i - 1]!;
          topMatch[i] = topMatch[i - 1]!;
          i--;
        }
        topEntry[i] = e;
        topPhrase[i] = phrase;
        topBag[i] = bag;
        topMatch[i] = match;
      }
      bagAcc[e] = 0;
      entryBest[e] = 0;
      entrySecond[e] = 0;
    }
    const top: RawCandidate[] = new Array<RawCandidate>(count);
    for (let i = 0; i < count; i++) top[i] = { entry: topEntry[i]!, phrase: topPhrase[i]!, bag: topBag[i]!, match: topMatch[i]! };
    return top;
  }

  private growTop(depth: number): void {
    this.topEntry = new Int32Array(depth);
    this.topPhrase = new Float64Array(depth);
    this.topBag = new Float64Array(depth);
    this.topMatch = new Float64Array(depth);
  }
}
