/**
 * A second opinion for the decision: a softmax classifier trained on the knowledge base's own phrasings
 * (every entry's question, alternates and tags; the off-topic examples as one more class). The ranking says
 * which entry shares the most words with a question; the classifier has learned which words tell the entries
 * apart, and which words mark a question as none of ours. Its probabilities feed the confidence model
 * (confidence.ts); it does not rank.
 *
 * In the experiment that chose it (leave one writer out on test/eval, 2026-12-06, no asking back), a decision
 * with the classifier's two probabilities answered 89.8 % right at once, without them 86.2 %, declining as
 * many out-of-scope questions; a naive Bayes model in its place added nothing (85.6 %). Training takes under a
 * second for the bundled knowledge base; its weight table grows with words × entries, so
 * the engine trains it only up to `MAX_CLASSIFIED_ENTRIES` entries (build.ts) and decides by the rules beyond.
 */
import type { Analysis } from './analyze.js';

export interface ClassifierParams {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_CLASSIFIER_PARAMS: ClassifierParams = { epochs: 10, learningRate: 0.5, l2: 1e-4, seed: 1 };

/** The features of a question: its words, sub-words, bigrams, characters and broader terms, each kind apart. */
export function classifierFeatures(a: Analysis): string[] {
  const out = new Set<string>();
  for (const w of a.words) out.add(`w:${w}`);
  for (const w of a.subwords) out.add(`s:${w}`);
  for (const b of a.bigrams) out.add(`b:${b}`);
  for (const c of a.chars) out.add(`c:${c}`);
  for (const c of a.concepts) out.add(`k:${c}`);
  return [...out];
}

export interface TrainingExample {
  analysis: Analysis;
  /** The class: an entry's number, or `classes - 1` for "off-topic". */
  label: number;
}

export class PhrasingClassifier {
  private readonly featureIds = new Map<string, number>();
  private readonly weights: Float32Array;
  private readonly bias: Float32Array;

  /** Trains on `examples` (deterministic: the shuffle is seeded). `classes` counts the off-topic class. */
  constructor(
    readonly classes: number,
    examples: readonly TrainingExample[],
    p: ClassifierParams = DEFAULT_CLASSIFIER_PARAMS,
  ) {
    const rows = examples.map((e) => ({ x: classifierFeatures(e.analysis).map((f) => this.idOf(f, true)!), y: e.label }));
    for (const r of rows) if (r.y < 0 || r.y >= classes) throw new Error(`label ${r.y} outside 0..${classes - 1}`);
    const K = classes;
    this.weights = new Float32Array(this.featureIds.size * K);
    this.bias = new Float32Array(K);
    const W = this.weights;
    const b = this.bias;
    const z = new Float64Array(K);
    let seed = p.seed;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      const rate = p.learningRate / (1 + epoch * 0.2);
      shuffle(rows, random);
      for (const { x, y } of rows) {
        const s = 1 / Math.sqrt(x.length || 1);
        this.logits(x, s, z);
        softmaxInPlace(z);
        for (let k = 0; k < K; k++) {
          const g = z[k]! - (k === y ? 1 : 0);
          b[k]! -= rate * g;
          for (const d of x) W[d * K + k]! -= rate * (g * s + p.l2 * W[d * K + k]!);
        }
      }
    }
  }

  /** The probabilities of `among` (class numbers), normalised over them alone. */
  probabilities(a: Analysis, among: readonly number[]): number[] {
    const x: number[] = [];
    for (const f of classifierFeatures(a)) {
      const id = this.idOf(f, false);
      if (id !== undefined) x.push(id);
    }
    const s = 1 / Math.sqrt(x.length || 1);
    const K = this.classes;
    const logits = among.map((k) => {
      let v = this.bias[k]!;
      for (const d of x) v += this.weights[d * K + k]! * s;
      return v;
    });
    const max = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - max));
    const sum = e.reduce((t, v) => t + v, 0);
    return e.map((v) => v / sum);
  }

  private logits(x: readonly number[], s: number, out: Float64Array): void {
    const K = this.classes;
    for (let k = 0; k < K; k++) {
      let v = this.bias[k]!;
      for (const d of x) v += this.weights[d * K + k]! * s;
      out[k] = v;
    }
  }

  private idOf(feature: string, add: boolean): number | undefined {
    let id = this.featureIds.get(feature);
    if (id === undefined && add) this.featureIds.set(feature, (id = this.featureIds.size));
    return id;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k]! - max);
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
}
