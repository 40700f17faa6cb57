import { describe, expect, it } from 'vitest';
import { runTs } from '../helpers/cli.js';

const SCRIPT = 'scripts/check.ts';

describe('npm run -s check', () => {
  it('prints the findings of one text as JSON, with offsets into the text', async () => {
    const text = '【全网最低】赣南脐橙 纯天然 第一次购买送小样';
    const result = await runTs(SCRIPT, ['--json', text]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      text: string;
      findings: { span: string; start: number; end: number; kind: string; rule: string; suggestion: string }[];
    };
    expect(out.text).toBe(text);
    expect(out.findings.map((f) => [f.span, f.kind])).toEqual([
      ['全网最低', 'price'],
      ['纯天然', 'unprovable'],
    ]);
    for (const f of out.findings) {
      expect(Object.keys(f).sort()).toEqual(['end', 'kind', 'rule', 'span', 'start', 'suggestion']);
      expect(text.slice(f.start, f.end)).toBe(f.span);
    }
  });

  it('reads one text per line from stdin and prints one JSON line each, nothing else on stdout', async () => {
    const result = await runTs(SCRIPT, ['--json'], { input: '最近上新\n\n好评返现 降血压\n' });
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; findings: { kind: string }[] });
    expect(lines.map((l) => [l.text, l.findings.map((f) => f.kind)])).toEqual([
      ['最近上新', []],
      ['好评返现 降血压', ['review', 'medical']],
    ]);
  });

  it('prints the merchant reply without --json, and exits 1 naming the file when the rules are missing', async () => {
    const readable = await runTs(SCRIPT, ['顶级品质']);
    expect(readable.code).toBe(0);
    expect(readable.stdout).toContain('「顶级」');
    expect(readable.stdout).toContain('商品标题和详情页能不能用');
    const broken = await runTs(SCRIPT, ['--json', '--dir', 'test/compliance', '顶级']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('compliance/copy-rules.yaml:1: file is missing');
    expect(broken.stdout).toBe('');
  });
});
