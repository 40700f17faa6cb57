import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCopyCheck, loadCopyCases, scoreCopyRules, type CopyCase } from '../../src/compliance/evaluate.js';
import type { Finding } from '../../src/compliance/schema.js';
import { tempDir } from '../helpers/cli.js';

describe('loadCopyCases', () => {
  it('names a label whose span is not in its text by file and line', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'cases.yaml'),
      '- text: 全网最低价\n  expect: [{ span: 全网最低, kind: price }]\n- text: 纯天然蜂蜜\n  expect:\n    - { span: 无添加, kind: unprovable }\n',
    );
    await expect(loadCopyCases(path.join(dir, 'cases.yaml'))).rejects.toThrow(
      /cases\.yaml:5: span "无添加" \(occurrence 0\) is not in "纯天然蜂蜜"/u,
    );
  });
});

describe('copy check on the labelled set (test/compliance/copy-cases.yaml)', () => {
  it('has at least 200 phrases, every kind among the positives, and plenty of tricky negatives', async () => {
    const cases = await loadCopyCases();
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(cases.flatMap((c) => c.labels.map((l) => l.kind)));
    expect([...kinds].sort()).toEqual(['absolute', 'endorsement', 'guarantee', 'health', 'medical', 'price', 'review', 'unprovable']);
    for (const kind of kinds) expect(cases.filter((c) => c.labels.some((l) => l.kind === kind)).length, kind).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => !c.labels.length).length).toBeGreaterThanOrEqual(80);
  });

  it('reaches precision ≥ 0.95 and recall ≥ 0.90 (span level)', async () => {
    const report = await scoreCopyRules('knowledge');
    const detail = JSON.stringify({ falsePositives: report.falsePositives, misses: report.misses }, null, 1);
    expect(report.precision, detail).toBeGreaterThanOrEqual(0.95);
    expect(report.recall, detail).toBeGreaterThanOrEqual(0.9);
    // Each kind pulls its weight: a kind that silently stopped matching would hide in the totals.
    for (const [kind, s] of Object.entries(report.perKind)) expect(s.recall, kind).toBeGreaterThanOrEqual(0.8);
  });
});

describe('span-level scoring', () => {
  const finding = (span: string, start: number, kind: string): Finding => ({
    span,
    start,
    end: start + span.length,
    kind,
    rule: '',
    suggestion: '',
    ruleId: 'x',
  });
  const cases: CopyCase[] = [
    {
      text: '顶级纯天然',
      labels: [
        { span: '顶级', kind: 'absolute', start: 0, end: 2 },
        { span: '纯天然', kind: 'unprovable', start: 2, end: 5 },
      ],
    },
    { text: '最近上新', labels: [] },
  ];

  it('counts overlap with the same kind as correct, and anything else as a false positive or a miss', () => {
    const fake = (text: string) =>
      text === '顶级纯天然' ? [finding('顶级纯', 0, 'absolute'), finding('天然', 3, 'absolute')] : [finding('最近', 0, 'absolute')];
    const report = evaluateCopyCheck(fake, cases);
    expect(report).toMatchObject({ findings: 3, correct: 1, labelled: 2, found: 1, cases: 2, negatives: 1 });
    expect(report.precision).toBeCloseTo(1 / 3);
    expect(report.recall).toBeCloseTo(1 / 2);
    expect(report.misses).toEqual([{ text: '顶级纯天然', span: '纯天然', kind: 'unprovable' }]);
    expect(report.falsePositives.map((f) => f.span)).toEqual(['天然', '最近']);
    expect(report.perKind.unprovable).toMatchObject({ labelled: 1, found: 0, recall: 0, findings: 0, precision: 1 });
  });
});
