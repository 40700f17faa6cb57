import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LearningLog } from '../../src/knowledge/learning/learning-log.js';
import { LearningLineSchema, questionKey, type AnswerEvent } from '../../src/knowledge/learning/records.js';
import { suggestionItems } from '../../src/knowledge/learning/suggestions.js';
import { Journal } from '../../src/storage/journal.js';
import { tempDir } from '../helpers/cli.js';

const entries: Record<string, { question: string; alternates: string[] }> = {
  'shop-a': { question: '淘宝怎么开店', alternates: ['淘宝开店流程'] },
  'shop-b': { question: '拼多多怎么开店', alternates: [] },
};
const answerer = { entry: (id: string) => (entries[id] ? { ...entries[id], en: undefined } : undefined) } as never;

let minute = 0;
const event = (partial: Partial<AnswerEvent>): AnswerEvent => ({
  kind: 'pick',
  at: new Date(Date.UTC(2026, 11, 1, 0, minute++)).toISOString(),
  question: '开店要多少钱',
  entry: 'shop-a',
  user: 'telegram:1',
  ...partial,
});

async function open(limits = {}) {
  const file = path.join(await tempDir('learn-'), 'answer-feedback.jsonl');
  const journal = () => new Journal(file, LearningLineSchema);
  return { file, log: await LearningLog.open(journal(), limits), reopen: () => LearningLog.open(journal(), limits) };
}

describe('LearningLog', () => {
  it('proposes a question once two different askers chose the same entry, counting trivial variants together', async () => {
    const { log } = await open();
    await log.record(event({ user: 'wechat:a' }));
    await log.record(event({ user: 'wechat:a', question: '开店要多少钱？' }));
    // One person twice is not two askers.
    expect(suggestionItems(log, answerer)).toEqual([]);
    await log.record(event({ user: 'telegram:b', kind: 'tap', question: '開店要多少錢呢' }));
    const [item, ...rest] = suggestionItems(log, answerer);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ kind: 'alternate', tally: { entry: 'shop-a', count: 3, question: '開店要多少錢呢', key: questionKey('开店要多少钱') } });
    expect(item!.tally.users).toEqual(['wechat:a', 'telegram:b']);
  });

  it('proposes at once what an admin chose, but not a phrasing the entry already has', async () => {
    const { log } = await open();
    await log.record(event({ admin: true }));
    await log.record(event({ admin: true, question: '淘宝开店流程！' }));
    expect(suggestionItems(log, answerer).map((i) => i.tally.question)).toEqual(['开店要多少钱']);
  });

  it('lists answers marked 没用 with their question, after the proposals; 有用 is counted but not listed', async () => {
    const { log } = await open();
    await log.record(event({ kind: 'useless', entry: 'shop-b', question: '拼多多开店贵不贵' }));
    await log.record(event({ kind: 'useful', entry: 'shop-a' }));
    await log.record(event({ admin: true, question: '开个网店多少钱' }));
    expect(suggestionItems(log, answerer).map((i) => [i.kind, i.tally.entry, i.tally.question])).toEqual([
      ['alternate', 'shop-a', '开个网店多少钱'],
      ['useless', 'shop-b', '拼多多开店贵不贵'],
    ]);
    expect(log.tallyOf('useful', 'shop-a', '开店要多少钱')?.count).toBe(1);
  });

  it('remembers verdicts across a restart, so decided items do not come back', async () => {
    const { log, reopen } = await open();
    await log.record(event({ admin: true }));
    await log.record(event({ kind: 'useless', entry: 'shop-b' }));
    const [alternate, useless] = suggestionItems(log, answerer);
    await log.decide({ item: alternate!.id, verdict: 'accepted', at: '2026-12-01T01:00:00Z', by: 'console:operator' });
    await log.decide({ item: useless!.id, verdict: 'rejected', at: '2026-12-01T01:00:00Z', by: 'console:operator' });
    await log.record(event({ admin: true }));
    const again = await reopen();
    expect(suggestionItems(again, answerer)).toEqual([]);
  });

  it('compacts: raw events are folded into tallies at open and after many appends, within the caps', async () => {
    const { file, log, reopen } = await open({ compactAfter: 50, maxTallies: 5 });
    for (let i = 0; i < 120; i++) await log.record(event({ question: `问题${i % 8}`, user: `wechat:${i % 3}` }));
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    // 120 appends, compacted twice (after 50 and 100): at most the 5 tallies kept plus the 20 appended since.
    expect(lines.length).toBeLessThanOrEqual(25);
    const reopened = await reopen();
    const folded = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; count: number });
    expect(folded.every((l) => l.type === 'tally')).toBe(true);
    expect(folded).toHaveLength(5);
    // The most recent questions are the ones kept, with every count folded in (15 asks each over 120).
    expect(reopened.tallyOf('chose', 'shop-a', '问题7')?.count).toBe(15);
    expect(reopened.tallyOf('chose', 'shop-a', '问题7')?.users).toEqual(['wechat:1', 'wechat:0', 'wechat:2']);
  });
});
