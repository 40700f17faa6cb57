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
});
