import { describe, expect, it } from 'vitest';
import { runTs } from '../helpers/cli.js';

const SCRIPT = 'scripts/ask.ts';

describe('npm run -s ask', () => {
  it('prints one JSON object with the issue\'s fields for a question', async () => {
    const result = await runTs(SCRIPT, ['--json', '卖自家种的橘子要办营业执照吗']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['answer', 'entryId', 'outcome', 'question', 'score', 'suggestions']);
    expect(out).toMatchObject({ question: '卖自家种的橘子要办营业执照吗', outcome: 'answer', entryId: 'reg-self-produced-farm-products' });
    expect(out.answer).toContain('来源');
  });

  it('reads one question per line from stdin, one JSON line each, and names the off-topic referral', async () => {
    const result = await runTs(SCRIPT, ['--json'], { input: '今天天气怎么样\n孩子咳嗽一个礼拜了老不好，吃啥药\n' });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; entryId: string | null; offTopic?: string });
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.outcome)).toEqual(['none', 'none']);
    expect(lines[1]?.offTopic).toBe('health-medical');
  });

  it('reads a question as the chat does: mentions, trigger and lead-in taken off', async () => {
    const result = await runTs(SCRIPT, ['--json'], { input: '@助手 问下开网店要营业执照吗\n开网店要营业执照吗\n' });
    expect(result.code).toBe(0);
    const [addressed, plain] = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; outcome: string; entryId: string; score: number });
    expect(addressed?.question).toBe('@助手 问下开网店要营业执照吗');
    expect(addressed).toMatchObject({ outcome: plain?.outcome, entryId: plain?.entryId, score: plain?.score });
  });
});
