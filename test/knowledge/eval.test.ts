/**
 * The quality gate on the real knowledge base and the labelled questions in test/eval
 * (definitions in src/knowledge/evaluate.ts; `npm run -s eval` prints the same numbers with the misses).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEngine } from '../../src/knowledge/build.js';
import { CONFIDENCE_FEATURES } from '../../src/knowledge/confidence.js';
import { DECISION_MODEL } from '../../src/knowledge/decision-model.js';
import { heldOutSamples, leaveOneWriterOut } from '../../src/knowledge/fit-decision.js';
import { loadEvalSet, type EvalItem, type EvalReport } from '../../src/knowledge/evaluate.js';
import { phraseKey, readKnowledgeFiles, type KnowledgeFiles } from '../../src/knowledge/load.js';
import { phrasingsOf } from '../../src/knowledge/schema.js';
import { buildBaseline, scoreBaseline, type BaselineScore } from '../../scripts/lib/minisearch-baseline.js';

let report: EvalReport;
let files: KnowledgeFiles;
let items: EvalItem[];
let baseline: BaselineScore;

// Nine engines with classifiers (eight folds and the full one): ~15 s idle, several times that on a busy machine.
beforeAll(async () => {
  files = await readKnowledgeFiles('knowledge');
  items = await loadEvalSet('test/eval');
  const engine = buildEngine(files);
  // Each writer's questions judged by a decision fitted without them: the numbers the floors are about.
  report = leaveOneWriterOut(engine, items, heldOutSamples(files)).report;
  const { entries, analyzer } = engine;
  baseline = scoreBaseline(buildBaseline(entries, analyzer), items, { declined: report.outcomes.declined });
}, 180_000);

describe('evaluation on the real knowledge base', () => {
  it('has a labelled set of the size the issue asks for, covering every topic', () => {
    expect(report.inScope).toBeGreaterThanOrEqual(250);
    expect(report.outOfScope).toBeGreaterThanOrEqual(60);
    expect(Object.keys(report.perTopic).sort()).toEqual(files.topics.map((t) => t.id).sort());
  });

  // The labelled questions measure the knowledge; copied into it they would measure nothing.
  it('shares no question with the knowledge base (entry phrasings, off-topic examples)', () => {
    const known = new Set(
      files.entries.flatMap(({ entry }) => phrasingsOf(entry)).concat(files.offTopic.flatMap((t) => t.examples)).map(phraseKey),
    );
    expect(items.filter((i) => known.has(phraseKey(i.q))).map((i) => `${i.file}: ${i.q}`)).toEqual([]);
  });

  // The sealed holdout (test/holdout) is scored by `npm run -s eval` only, never fitted on: it must stay apart.
  it('keeps the sealed holdout apart: no question shared with the knowledge base or the labelled sets, known entries only', async () => {
    const holdout = await loadEvalSet('test/holdout');
    expect(holdout.length).toBeGreaterThanOrEqual(200);
    const taken = new Set(
      files.entries
        .flatMap(({ entry }) => phrasingsOf(entry))
        .concat(files.offTopic.flatMap((t) => t.examples), items.map((i) => i.q))
        .map(phraseKey),
    );
    expect(holdout.filter((i) => taken.has(phraseKey(i.q))).map((i) => `${i.file}: ${i.q}`)).toEqual([]);
    const ids = new Set(files.entries.map(({ entry }) => entry.id));
    expect(holdout.filter((i) => i.expect !== null && !ids.has(i.expect)).map((i) => `${i.q} → ${i.expect}`)).toEqual([]);
  });

  it('expects only entries that exist', () => {
    expect(report.dangling.map((d) => `${d.file}: ${d.q} → ${d.expect}`)).toEqual([]);
  });

  it('top-3 accuracy >= 97 %', () => {
    expect(report.top3).toBeGreaterThanOrEqual(0.97);
  });

  // The floors over the union of the labelled sets (four writers, 900 in scope, 306 out), leave one writer
  // out. The learned decision (confidence.ts) gives right at once 90.2 %, wrong 2.8 %, asked back 3.1 % and
  // declined 95.1 % (2026-12-06): the margins are a few questions, so re-run `npx tsx scripts/fit-confidence.ts`
  // after changing phrasings and read what it prints.
  it('answers right at once >= 90 % of in-scope questions', () => {
    expect(report.outcomes.right).toBeGreaterThanOrEqual(0.9);
  });

  it('answers wrong <= 3 % of in-scope questions', () => {
    expect(report.outcomes.wrong).toBeLessThanOrEqual(0.03);
  });

  it('asks back <= 8 % of in-scope questions', () => {
    expect(report.outcomes.asked).toBeLessThanOrEqual(0.08);
  });

  it('declines >= 95 % of out-of-scope questions', () => {
    expect(report.outcomes.declined).toBeGreaterThanOrEqual(0.95);
  });

  it('ships a confidence model over the features the engine computes', () => {
    expect(DECISION_MODEL.features).toEqual([...CONFIDENCE_FEATURES]);
  });

  it('beats the plain MiniSearch baseline declining as many: more right at once, no more wrong', () => {
    expect(report.outcomes.declined).toBeGreaterThanOrEqual(baseline.declined);
    expect(report.outcomes.right).toBeGreaterThan(baseline.right);
    expect(report.outcomes.wrong).toBeLessThanOrEqual(baseline.wrong);
  });
});
