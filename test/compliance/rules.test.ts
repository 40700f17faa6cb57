import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCopyRules } from '../../src/compliance/load.js';
import { formatProblem, readKnowledgeFiles } from '../../src/knowledge/load.js';
import { runTs, tempDir } from '../helpers/cli.js';

const RULES = (kind = 'a', extra = '') => `reviewed: 2026-11-28
disclaimer: 不是法律意见
kinds:
  a:
    label: A
    rule: 规则A
    faq: [ad-absolute-terms]
rules:
  - id: r1
    kind: ${kind}
    terms: [顶级]
    suggestion: 删掉
    hits: [顶级品质]
${extra}`;

async function dirWith(rules: string) {
  const dir = path.join(await tempDir('copy-rules-'), 'knowledge');
  await cp('knowledge/faq', path.join(dir, 'faq'), { recursive: true });
  await cp('knowledge/topics.yaml', path.join(dir, 'topics.yaml'));
  await writeFile(path.join(dir, 'copy-rules.yaml'), rules);
  return dir;
}

async function lineOf(file: string, needle: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.findIndex((l) => l.includes(needle)) + 1;
}

describe('copy rules file', () => {
  it('the bundled rules have no problems, every FAQ link exists, and every rule flags its own examples', async () => {
    const faqIds = new Set((await readKnowledgeFiles('knowledge')).entries.map((e) => e.entry.id));
    const { checker, problems } = await readCopyRules('knowledge', faqIds);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(checker!.rules.rules.length).toBeGreaterThan(15);
  });

  it('locates a broken regex, an unknown kind and a missing FAQ id by line', async () => {
    const dir = await dirWith(`${RULES('nope')}  - id: r2
    kind: a
    patterns: ['最(']
    suggestion: 删掉
    hits: [最好]
`);
    const schema = await readCopyRules(dir, new Set());
    expect(schema.checker).toBeUndefined();
    const file = path.join(dir, 'copy-rules.yaml');
    expect(schema.problems).toHaveLength(1);
    expect(formatProblem(schema.problems[0]!)).toMatch(
      new RegExp(
        `^knowledge/copy-rules.yaml:${await lineOf(file, "patterns: ['最(']")}: not a valid regular expression: .*\\(rules\\.1\\.patterns\\.0\\)$`,
        'u',
      ),
    );

    const crossChecked = await readCopyRules(await dirWith(RULES('nope')), new Set());
    expect(crossChecked.problems.map((p) => [p.line, p.message])).toEqual([
      [7, 'FAQ id "ad-absolute-terms" does not exist (kind a)'],
      [10, 'unknown kind "nope" (kinds: a)'],
    ]);
  });

  it('fails a rule whose example is not flagged, or whose harmless example is', async () => {
    const dir = await dirWith(
      RULES('a', '    misses: [顶级]\n  - id: r2\n    kind: a\n    terms: [最佳]\n    suggestion: 删掉\n    hits: [第一]\n'),
    );
    const { checker, problems } = await readCopyRules(dir);
    expect(checker).toBeUndefined();
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [14, 'example "顶级" must raise nothing (found: "顶级" (r1))'],
      [19, 'example "第一" is not flagged by r2 (found: nothing)'],
    ]);
  });

  it('says so when the file is missing', async () => {
    const { problems } = await readCopyRules(await tempDir('no-rules-'));
    expect(problems).toMatchObject([{ line: 1, message: 'file is missing' }]);
  });

  it('kb:lint prints file:line for copy-rule problems and exits 1', async () => {
    const dir = await dirWith(RULES('nope'));
    const result = await runTs('scripts/kb-lint.ts', ['--dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('knowledge/copy-rules.yaml:10: unknown kind "nope"');
    // The wizard file is missing from this folder: reported too, not skipped.
    expect(result.stdout).toContain('knowledge/kaidian.yaml:1: file is missing');
  });
});
