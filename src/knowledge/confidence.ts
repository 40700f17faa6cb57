/**
 * How likely the first-ranked entry is the right answer: a logistic model over what the ranking and the
 * classifier say about one question. When the engine has a classifier it takes the place of the score,
 * coverage and evidence floors of the decision (decide.ts): answer at or above the model's threshold; below
 * it, ask back or say "don't know".
 *
 * The model is fitted by `npx tsx scripts/fit-confidence.ts --write` (fit-decision.ts: weights from the
 * labelled questions of test/eval and held-out phrasings, threshold from the labelled questions) and written to
 * decision-model.ts. The numbers reported for it are leave one writer out (fit-decision.ts, `leaveOneWriterOut`):
 * each writer's questions are judged by a model fitted without them.
 */
import type { Ranking } from './retrieve.js';

/** The names of the features, in order; a stored model must list the same (a test checks). */
export const CONFIDENCE_FEATURES = [
  'score',
  'log score',
  'coverage',
  'log evidence',
  'second / first',
  'off-topic / first',
  'off-topic coverage',
  'english',
  'phrase',
  'bag',
  'log words',
  'coverage × log evidence',
  'p(first)',
  'p(off-topic)',
  'log p(first)',
  'log p(off-topic)',
] as const;

/** What the classifier says of the first candidate and of "off-topic", each normalised over the candidates and off-topic. */
export interface ClassifierView {
  first: number;
  offTopic: number;
}

/** The features of a question whose first candidate scored above 0 (undefined otherwise: nothing to answer). */
export function confidenceFeatures(ranking: Pick<Ranking, 'candidates' | 'offTopic' | 'analysis'>, view: ClassifierView): number[] | undefined {
  const [best, second] = ranking.candidates;
  if (!best || !(best.score > 0)) return undefined;
  const off = ranking.offTopic;
  return [
    best.score,
    Math.log(best.score + 1e-3),
    best.coverage,
    Math.log1p(best.evidence),
    second ? second.score / best.score : 0,
    off ? Math.min(2, off.score / best.score) : 0,
    off ? off.coverage : 0,
    ranking.analysis.english ? 1 : 0,
    best.phrase,
    best.bag,
    Math.log1p(ranking.analysis.words.length),
    best.coverage * Math.log1p(best.evidence),
    view.first,
    view.offTopic,
    Math.log(view.first + 1e-4),
    Math.log(view.offTopic + 1e-4),
  ];
}

/** A fitted logistic model: standardise each feature, weigh, squash; answer at `threshold` or above. */
export interface ConfidenceModel {
  features: readonly string[];
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
  threshold: number;
}

export function confidenceOf(model: ConfidenceModel, x: readonly number[]): number {
  let s = model.bias;
  for (let i = 0; i < x.length; i++) s += (model.weights[i]! * (x[i]! - model.mean[i]!)) / model.scale[i]!;
  return 1 / (1 + Math.exp(-s));
}

/** One labelled question as the fitting sees it. */
export interface ConfidenceSample {
  /** Undefined: no candidate (always "don't know"). */
  x: number[] | undefined;
  /** The first candidate is the expected entry. */
  firstIsRight: boolean;
  /** An in-scope question (expected entry) or one to decline. */
  inScope: boolean;
}

export interface ConfidenceObjective {
  /** The least share of out-of-scope questions the threshold must decline. */
  minDeclined: number;
  /** The most wrong answers (a share of in-scope questions) the threshold may give: the floor. */
  maxWrong: number;
  /** Over that budget, how many right answers one wrong answer costs. */
  wrongCost: number;
}

export const DEFAULT_OBJECTIVE: ConfidenceObjective = { minDeclined: 0.95, maxWrong: 0.03, wrongCost: 3 };

/**
 * Fits the weights by full-batch gradient descent on the log loss (deterministic), then picks the threshold
 * that answers the most right among those declining at least `minDeclined` of the out-of-scope samples and
 * answering at most `maxWrong` wrong: the floors as constraints. (Maximising right − 3 × wrong instead
 * gave 87.8 % right and 3.0 % wrong leave one writer out, on the knowledge before the 2026-12-06 phrasings.)
 * L2 keeps weights of correlated features small.
 */
export function fitConfidence(
  samples: readonly ConfidenceSample[],
  objective: ConfidenceObjective = DEFAULT_OBJECTIVE,
  weightsAlsoFrom: readonly ConfidenceSample[] = [],
  l2 = 1e-3,
  iterations = 3000,
): ConfidenceModel {
  const data = [...samples, ...weightsAlsoFrom].filter((s): s is ConfidenceSample & { x: number[] } => s.x !== undefined);
  const n = data.length;
  if (n === 0) throw new Error('no samples with candidates to fit on');
  const D = data[0]!.x.length;
  const mean = Array<number>(D).fill(0);
  const scale = Array<number>(D).fill(0);
  for (const s of data) s.x.forEach((v, i) => (mean[i]! += v / n));
  for (const s of data) s.x.forEach((v, i) => (scale[i]! += (v - mean[i]!) ** 2 / n));
  for (let i = 0; i < D; i++) scale[i] = Math.sqrt(scale[i]!) || 1;
  const z = data.map((s) => s.x.map((v, i) => (v - mean[i]!) / scale[i]!));
  const weights = Array<number>(D).fill(0);
  let bias = 0;
  for (let it = 0; it < iterations; it++) {
    const grad = Array<number>(D).fill(0);
    let gBias = 0;
    for (let j = 0; j < n; j++) {
      let s = bias;
      for (let i = 0; i < D; i++) s += weights[i]! * z[j]![i]!;
      const err = 1 / (1 + Math.exp(-s)) - (data[j]!.firstIsRight ? 1 : 0);
      for (let i = 0; i < D; i++) grad[i]! += err * z[j]![i]!;
      gBias += err;
    }
    for (let i = 0; i < D; i++) weights[i]! -= 0.5 * (grad[i]! / n + l2 * weights[i]!);
    bias -= (0.5 * gBias) / n;
  }
  const model: ConfidenceModel = { features: [...CONFIDENCE_FEATURES], mean, scale, weights, bias, threshold: 0.5 };
  return { ...model, threshold: bestThreshold(model, samples, objective) };
}

function bestThreshold(model: ConfidenceModel, samples: readonly ConfidenceSample[], objective: ConfidenceObjective): number {
  const inScopeCount = samples.filter((s) => s.inScope).length;
  const inScope = inScopeCount || 1;
  const outOfScope = samples.length - inScopeCount || 1;
  const conf = samples.map((s) => (s.x ? confidenceOf(model, s.x) : -1));
  let best = { threshold: 0.99, value: -Infinity };
  for (let t = 0.05; t < 0.995; t += 0.01) {
    let right = 0;
    let wrong = 0;
    let declined = 0;
    samples.forEach((s, i) => {
      const answered = conf[i]! >= t;
      if (!s.inScope) declined += answered ? 0 : 1;
      else if (answered && s.firstIsRight) right++;
      else if (answered) wrong++;
    });
    if (declined / outOfScope < objective.minDeclined) continue;
    // Within the wrong-answer budget the most right answers; over it (when no threshold keeps it) right − cost ×
    // wrong, ranked below every threshold within it.
    const value = wrong / inScope <= objective.maxWrong ? right / inScope : (right - objective.wrongCost * wrong) / inScope - 1;
    if (value > best.value) best = { threshold: Math.round(t * 100) / 100, value };
  }
  return best.threshold;
}
