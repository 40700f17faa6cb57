import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnansweredLog, UnansweredRecordSchema } from '../../src/knowledge/unanswered.js';
import { Journal } from '../../src/storage/journal.js';
import { tempDir } from '../helpers/cli.js';

describe('UnansweredLog', () => {
  it('keeps the off-topic referral with the question, across a restart', async () => {
    const file = path.join(await tempDir(), 'unanswered.jsonl');
    const log = await UnansweredLog.open(new Journal(file, UnansweredRecordSchema));
    await log.record({ at: '2026-11-28T01:00:00Z', question: '橘子树生虫了咋办', outcome: 'none', platform: 'wechat', offTopic: 'farming-technique' });
    await log.record({ at: '2026-11-28T02:00:00Z', question: '抖店保证金多少', outcome: 'clarify', platform: 'telegram' });
    await log.record({ at: '2026-11-28T03:00:00Z', question: '橘子树 生虫了咋办！', outcome: 'none', platform: 'wechat', offTopic: 'farming-technique' });
    const reopened = await UnansweredLog.open(new Journal(file, UnansweredRecordSchema));
    expect(reopened.top()).toMatchObject([
      { question: '橘子树 生虫了咋办！', count: 2, offTopic: 'farming-technique' },
      { question: '抖店保证金多少', count: 1, offTopic: undefined },
    ]);
  });

  it('rewrites a grown journal as one line per question with its count, and keeps the number of questions bounded', async () => {
    const file = path.join(await tempDir(), 'unanswered.jsonl');
    const ask = (question: string, i: number) => ({ at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(), question, outcome: 'none' as const, platform: 'telegram' });
    // A journal as an old bot left it: 3,000 lines for three questions.
    await writeFile(file, Array.from({ length: 3_000 }, (_, i) => JSON.stringify(ask(['甲', '乙', '丙'][i % 3]!, i)) + '\n').join(''));
    const log = await UnansweredLog.open(new Journal(file, UnansweredRecordSchema), { slack: 100, maxQuestions: 50 });
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(3);
    expect(log.top().map((g) => g.count)).toEqual([1_000, 1_000, 1_000]);
    // A flood of distinct questions: the file and the groups stay bounded, the most asked survive.
    for (let i = 0; i < 400; i++) await log.record(ask(`第${i}个不同的问题`, 3_000 + i));
    const lines = (await readFile(file, 'utf8')).trim().split('\n').length;
    expect(lines).toBeLessThanOrEqual(55 + 100);
    const reopened = await UnansweredLog.open(new Journal(file, UnansweredRecordSchema), { slack: 100, maxQuestions: 50 });
    expect(reopened.top(100).length).toBeLessThanOrEqual(55);
    expect(reopened.top(3).map((g) => [g.question, g.count])).toEqual(log.top(3).map((g) => [g.question, g.count]));
    expect(reopened.top(3).map((g) => g.count)).toEqual([1_000, 1_000, 1_000]);
  });
});
