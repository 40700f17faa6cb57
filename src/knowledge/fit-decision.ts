/**
 * Fitting the decision's confidence model, and measuring it honestly: leave one writer out (each writer's
 * questions judged by a model fitted without them). The weights learn from the labelled questions and from the
 * knowledge base's own phrasings held out in folds (`heldOutSamples`: 2,600 more questions, but easier ones,
 * whose siblings stay indexed); the threshold is chosen on the labelled questions alone, which are what
 * merchants type (on the mix it declined 97 % and answered 83 %). Used by
 * scripts/calibrate.ts (writes the shipped model, fitted on every writer), `npm run -s eval` and the eval test
 * (which report the leave-one-writer-out numbers).
 */
import { questionText } from '../core/address.js';
import type { Answerer } from './answerer.js';
import { answererFrom, buildEngine, judgeFeatures, type Engine } from './build.js';
import { fitConfidence, type ConfidenceModel, type ConfidenceSample } from './confidence.js';
import { evaluate, writerOf, type EvalItem, type EvalReport } from './evaluate.js';
import { makeFolds } from './folds.js';
import type { KnowledgeFiles } from './load.js';

/** The labelled questions as the fitting sees them (those expecting an unknown entry are left out). */
export function confidenceSamples(engine: Engine, items: readonly EvalItem[]): ConfidenceSample[] {
  const ids = new Set(engine.entries.map((e) => e.id));
  return items
    .filter((item) => item.expect === null || ids.has(item.expect))
    .map((item) => {
      const ranking = engine.retriever.rank(engine.analyzer.analyze(questionText(item.q)));
      const first = ranking.candidates[0];
      return {
        x: judgeFeatures(engine, ranking),
        firstIsRight: item.expect !== null && first !== undefined && engine.entries[first.entry]!.id === item.expect,
        inScope: item.expect !== null,
      };
    });
}

/** Every alternate and off-topic example asked once of an engine built without it (folds.ts), as samples. */
export function heldOutSamples(files: KnowledgeFiles, folds = 8): ConfidenceSample[] {
  return makeFolds(files, folds).flatMap(({ train, held }) => confidenceSamples(buildEngine(train), held.map((h) => ({ ...h, file: 'held-out' }))));
}

export function fitDecision(engine: Engine, items: readonly EvalItem[], extra: readonly ConfidenceSample[] = []): ConfidenceModel {
  return fitConfidence(confidenceSamples(engine, items), undefined, extra);
}

export interface WriterFold {
  writer: string;
  model: ConfidenceModel;
}

/** Each writer's questions answered with a decision fitted on the other writers': the numbers to report. */
export interface CrossValidation {
  report: EvalReport;
  folds: WriterFold[];
  /** The answerer that judges an item: the one fitted without the item's writer. */
  answererFor: (item: EvalItem) => Answerer;
}

export function leaveOneWriterOut(engine: Engine, items: readonly EvalItem[], extra: readonly ConfidenceSample[] = []): CrossValidation {
  const writers = [...new Set(items.map((i) => writerOf(i.file)))].sort();
  if (writers.length < 2) throw new Error('leave-one-writer-out needs questions from at least two writers');
  const folds = writers.map((writer) => ({ writer, model: fitDecision(engine, items.filter((i) => writerOf(i.file) !== writer), extra) }));
  const answerers = new Map<string, Answerer>(folds.map((f) => [f.writer, answererFrom(engine, {}, f.model)]));
  const answererFor = (item: EvalItem) => answerers.get(writerOf(item.file))!;
  return { report: evaluate(answererFor, items), folds, answererFor };
}
