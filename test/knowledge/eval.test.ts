/**
 * The quality gate on the real knowledge base and the labelled questions in test/eval
 * (definitions in src/knowledge/evaluate.ts; `npm run -s eval` prints the same numbers with the misses).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAnswerer } from '../../src/knowledge/build.js';
import { evaluate, loadEvalSet, type EvalReport } from '../../src/knowledge/evaluate.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';

let report: EvalReport;

beforeAll(async () => {
  const files = await readKnowledgeFiles('knowledge');
  report = evaluate(buildAnswerer(files), await loadEvalSet('test/eval'));
});

describe('evaluation on the real knowledge base', () => {
  it('has a labelled set of the size the issue asks for, covering every topic', () => {
    expect(report.inScope).toBeGreaterThanOrEqual(250);
    expect(report.outOfScope).toBeGreaterThanOrEqual(60);
    expect(Object.keys(report.perTopic)).toHaveLength(11);
  });

  it('answers confidently with a wrong entry rarely (<= 1.5 % of in-scope questions)', () => {
    expect(report.wrongAnswer).toBeLessThanOrEqual(0.015);
  });

  it('expects only entries that exist', () => {
    expect(report.dangling.map((d) => `${d.file}: ${d.q} → ${d.expect}`)).toEqual([]);
  });

  it('top-1 accuracy >= 90 %', () => {
    expect(report.top1).toBeGreaterThanOrEqual(0.9);
  });

  it('top-3 accuracy >= 97 %', () => {
    expect(report.top3).toBeGreaterThanOrEqual(0.97);
  });

  it('out-of-scope rejection >= 90 %', () => {
    expect(report.outOfScopeRejection).toBeGreaterThanOrEqual(0.9);
  });
});
