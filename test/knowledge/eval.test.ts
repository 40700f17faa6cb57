/**
 * The quality gate on the real knowledge base and the labelled questions in test/eval
 * (definitions in src/knowledge/evaluate.ts; `npm run -s eval` prints the same numbers with the misses).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAnswerer } from '../../src/knowledge/build.js';
import { evaluate, loadEvalSet, type EvalItem, type EvalReport } from '../../src/knowledge/evaluate.js';
import { phraseKey, readKnowledgeFiles, type KnowledgeFiles } from '../../src/knowledge/load.js';
import { phrasingsOf } from '../../src/knowledge/schema.js';

let report: EvalReport;
let files: KnowledgeFiles;
let items: EvalItem[];

beforeAll(async () => {
  files = await readKnowledgeFiles('knowledge');
  items = await loadEvalSet('test/eval');
  report = evaluate(buildAnswerer(files), items);
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

  // The labelled questions measure the knowledge; copied into it they would measure nothing.
  it('shares no question with the knowledge base (entry phrasings, off-topic examples)', () => {
    const known = new Set(
      files.entries.flatMap(({ entry }) => phrasingsOf(entry)).concat(files.offTopic.flatMap((t) => t.examples)).map(phraseKey),
    );
    expect(items.filter((i) => known.has(phraseKey(i.q))).map((i) => `${i.file}: ${i.q}`)).toEqual([]);
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
