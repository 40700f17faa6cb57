import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import type { Answerer } from '../../src/knowledge/answerer.js';
import { buildAnswerer } from '../../src/knowledge/build.js';
import { knowledgeFeature } from '../../src/knowledge/feature.js';
import type { KnowledgeFiles } from '../../src/knowledge/load.js';
import { suggestionsFeature } from '../../src/knowledge/learning/feature.js';
import { LearningLog } from '../../src/knowledge/learning/learning-log.js';
import { LearningLineSchema } from '../../src/knowledge/learning/records.js';
import { KnowledgeService } from '../../src/knowledge/service.js';
import { UnansweredLog, UnansweredRecordSchema } from '../../src/knowledge/unanswered.js';
import { Journal } from '../../src/storage/journal.js';
import { tempDir } from '../helpers/cli.js';
import { groupMessage, makeRuntime, privateMessage, recordingLog } from '../helpers/runtime.js';
import { AUTUMN, FIXTURE_FILE, learningKnowledge, SPRING, TIE_QUESTION } from './learning-fixture.js';

const ADMIN = 'admin';
const SPRING_QUESTION = '春季农民大集的摊位费怎么交？交多少？';
/** A question the bundled knowledge answers at once. */
const ORANGES = '卖自家种的橘子要办营业执照吗';
const ORANGES_ENTRY = 'reg-self-produced-farm-products';

let dir: string;
let learning: LearningLog;
let unanswered: UnansweredLog;
let knowledge: KnowledgeService;
let logged: ReturnType<typeof recordingLog>;

async function bot(lint?: (dir: string) => Promise<{ problems: { file: string; line: number; message: string }[] }>) {
  const runtime = makeRuntime(
    [knowledgeFeature(knowledge, unanswered, learning), suggestionsFeature({ knowledge, log: learning, ...(lint ? { lint } : {}) })],
    { admins: [`telegram:${ADMIN}`], log: logged.log },
  );
  const say = async (text: string, user = 'u1') => (await runtime.handle(privateMessage(text, user)))[0]!;
  return { runtime, say };
}

// Building the index takes a second or two: tests whose knowledge is the same share one (an accept changes it).
const built = new Map<string, Answerer>();
function sharedAnswerer(files: KnowledgeFiles): Answerer {
  const key = JSON.stringify(files.entries.map((e) => e.entry));
  if (!built.has(key)) built.set(key, buildAnswerer(files));
  return built.get(key)!;
}

beforeEach(async () => {
  dir = await learningKnowledge();
  const data = await tempDir('learn-data-');
  learning = await LearningLog.open(new Journal(path.join(data, 'answer-feedback.jsonl'), LearningLineSchema));
  unanswered = await UnansweredLog.open(new Journal(path.join(data, 'unanswered.jsonl'), UnansweredRecordSchema));
  logged = recordingLog();
  knowledge = new KnowledgeService(dir, sharedAnswerer, logged.log);
  await knowledge.load();
});

const labels = (reply: Reply) => (reply.suggestions ?? []).map((s) => s.label);

describe('learning from ask-backs and feedback', () => {
  it('records the asker\'s pick against the question asked; another member pressing the same button teaches nothing', async () => {
    const { runtime } = await bot();
    const [clarify] = await runtime.handle(groupMessage(`/ask ${TIE_QUESTION}`, {}, 'u1'));
    expect(clarify!.suggestionsTitle).toBe('您是想问：');
    const spring = clarify!.suggestions!.find((s) => s.label === SPRING_QUESTION)!;
    // A Telegram button press runs the action as the presser.
    const [shown] = await runtime.handle(groupMessage(spring.action, { replyToBot: true }, 'u2'));
    expect(shown!.text).toContain('200元');
    expect(learning.tallyOf('chose', SPRING, TIE_QUESTION)).toBeUndefined();
    await runtime.handle(groupMessage(String(clarify!.suggestions!.indexOf(spring) + 1), {}, 'u1'));
    expect(learning.tallyOf('chose', SPRING, TIE_QUESTION)).toMatchObject({ count: 1, users: ['wechat:u1'], admin: false, question: TIE_QUESTION });
  });

  it('records a tap on a "您可能还想问" runner-up against the question, and nothing for a related follow-up', async () => {
    // The answerer offers the spring fair entry as a runner-up under the oranges answer, before its related entries.
    knowledge = new KnowledgeService(
      dir,
      (files): Answerer => {
        const real = sharedAnswerer(files);
        const runnerUp = { id: SPRING, question: SPRING_QUESTION };
        return {
          entries: real.entries,
          size: real.size,
          entry: (id) => real.entry(id),
          show: (id, options) => real.show(id, options),
          ask: (question, options) => {
            const result = real.ask(question, options);
            return result.outcome === 'answer' ? { ...result, suggestions: [runnerUp, ...result.suggestions], runnersUp: [runnerUp] } : result;
          },
        };
      },
      logged.log,
    );
    await knowledge.load();
    const { say } = await bot();
    const answer = await say(ORANGES);
    expect(answer.suggestions![0]!.action).toMatch(new RegExp(`^/answer ${SPRING} [0-9a-f]{8}$`));
    const related = answer.suggestions![1]!;
    expect(related.action).toMatch(/^\/answer [a-z0-9-]+$/);
    expect((await say('1')).text).toContain('200元');
    expect(learning.tallyOf('chose', SPRING, ORANGES)).toMatchObject({ count: 1, users: ['telegram:u1'] });
    await say(ORANGES);
    await say('2');
    expect(learning.open('chose')).toHaveLength(1);
  });

  it('takes 没用 typed right after an answer as feedback, not a question; later the word is harmless', async () => {
    const { say } = await bot();
    const answer = await say(ORANGES);
    expect(answer.quickReplies?.map((q) => q.word)).toEqual(['有用', '没用']);
    const thanks = await say('没用！');
    expect(thanks.text).toContain('谢谢反馈');
    expect(learning.tallyOf('useless', ORANGES_ENTRY, ORANGES)).toMatchObject({ count: 1 });
    // Nothing to rate any more: a polite hint, no question for the answerer, nothing logged anywhere.
    const stray = await say('没用');
    expect(stray.text).toContain('请在那条回答之后直接回复');
    expect(learning.tallyOf('useless', ORANGES_ENTRY, ORANGES)).toMatchObject({ count: 1 });
    expect(unanswered.top()).toEqual([]);
    expect(logged.lines.filter((l) => l.msg === 'question answered')).toHaveLength(1);
  });

  it('in a group, takes the asker\'s bare 没用 after the answer without a mention; others saying it are chat', async () => {
    const { runtime } = await bot();
    const [answer] = await runtime.handle(groupMessage(`问 ${ORANGES}`, {}, 'u1'));
    expect(answer!.quickReplies).toHaveLength(2);
    expect(await runtime.handle(groupMessage('没用', {}, 'u2'))).toEqual([]);
    const [thanks] = await runtime.handle(groupMessage('没用', {}, 'u1'));
    expect(thanks!.text).toContain('谢谢反馈');
    expect(learning.tallyOf('useless', ORANGES_ENTRY, ORANGES)).toMatchObject({ count: 1, users: ['wechat:u1'] });
    expect(await runtime.handle(groupMessage('没用', {}, 'u1'))).toEqual([]);
  });

  it('counts 有用 too, once per person however often it is pressed', async () => {
    const { say } = await bot();
    const answer = await say(ORANGES);
    const useful = answer.quickReplies!.find((q) => q.word === '有用')!;
    expect((await say(useful.action)).text).toBe('谢谢您的反馈！');
    await say(useful.action);
    expect(learning.tallyOf('useful', ORANGES_ENTRY, ORANGES)).toMatchObject({ count: 1 });
  });

  it('proposes a phrasing once two askers chose the same entry (variants count together), not after one member', async () => {
    const { say } = await bot();
    const pick = async (question: string, user: string) => {
      const clarify = await say(question, user);
      await say(String(labels(clarify).indexOf(SPRING_QUESTION) + 1), user);
    };
    await pick(`${TIE_QUESTION}？`, 'u1');
    expect((await say('/suggestions', ADMIN)).text).toBe('目前没有改进建议。');
    await pick(`${TIE_QUESTION}呀`, 'u2');
    const list = await say('/suggestions', ADMIN);
    expect(list.text).toContain(`1. “${TIE_QUESTION}呀” → ${SPRING}`);
    expect(list.text).toContain('2人选过');
  });

  it('accept: an admin\'s pick is proposed at once; accepting writes it to the YAML, and the next asker gets the answer at once', async () => {
    const { say } = await bot();
    const file = path.join(dir, 'faq', FIXTURE_FILE);
    const before = await readFile(file, 'utf8');
    const clarify = await say(TIE_QUESTION, ADMIN);
    expect(labels(clarify)).toEqual(expect.arrayContaining([SPRING_QUESTION, '秋季农民大集的摊位费怎么交？交多少？']));
    await say(String(labels(clarify).indexOf(SPRING_QUESTION) + 1), ADMIN);
    expect((await say('/suggestions', ADMIN)).text).toContain(`1. “${TIE_QUESTION}” → ${SPRING}`);
    const accepted = await say('/suggestions accept 1', ADMIN);
    expect(accepted.text).toContain(`已采纳：“${TIE_QUESTION}”加入 ${SPRING}`);
    const after = await readFile(file, 'utf8');
    const lines = after.split('\n');
    const at = lines.indexOf(`    - ${TIE_QUESTION}`);
    expect(at).toBeGreaterThan(0);
    expect(lines.filter((_, i) => i !== at).join('\n')).toBe(before);
    expect(after.startsWith('# 学习测试用')).toBe(true);

    const answer = await say(TIE_QUESTION, 'u9');
    expect(answer.suggestionsTitle).not.toBe('您是想问：');
    expect(answer.text).toContain('200元');
    expect((await say('/suggestions accept 1', ADMIN)).text).toBe('第 1 条已经处理过了。');
    expect((await say('/suggestions', ADMIN)).text).toBe('目前没有改进建议。');
  });

  it('refuses an accept the lint fails, leaving the file byte for byte and the item listed', async () => {
    const { say } = await bot(async () => ({ problems: [{ file: 'knowledge/faq/zz-fair-stall-fees.yaml', line: 3, message: 'injected failure' }] }));
    const file = path.join(dir, 'faq', FIXTURE_FILE);
    const before = await readFile(file);
    await learning.record({ kind: 'pick', at: '2026-12-01T00:00:00Z', question: TIE_QUESTION, entry: AUTUMN, user: `telegram:${ADMIN}`, admin: true });
    await say('/suggestions', ADMIN);
    const refused = await say('/suggestions accept 1', ADMIN);
    expect(refused.text).toContain('没有采纳第 1 条：加入后知识库检查不通过，文件没有改动。');
    expect(refused.text).toContain('knowledge/faq/zz-fair-stall-fees.yaml:3: injected failure');
    expect((await readFile(file)).equals(before)).toBe(true);
    expect((await say('/suggestions', ADMIN)).text).toContain(`1. “${TIE_QUESTION}” → ${AUTUMN}`);
  });

  it('reject drops an item for good, and 没用 items are listed with their question', async () => {
    const { say } = await bot();
    const answer = await say(ORANGES, 'u3');
    await say(answer.quickReplies!.find((q) => q.word === '没用')!.action, 'u3');
    const list = await say('/suggestions', ADMIN);
    expect(list.text).toContain('被标为“没用”的回答：');
    expect(list.text).toMatch(new RegExp(`1\\. ${ORANGES_ENTRY} .+ ← “${ORANGES}”（1次`));
    expect((await say('/suggestions accept 1', ADMIN)).text).toContain('是“没用”反馈，没有可采纳的说法');
    expect((await say('/建议 驳回 1', ADMIN)).text).toBe('已驳回第 1 条，它不会再出现。');
    const again = await say(ORANGES, 'u4');
    await say('没用', 'u4');
    expect((await say('/suggestions', ADMIN)).text).toBe('目前没有改进建议。');
    expect(again.quickReplies).toHaveLength(2);
  });

  it('pages a long list, ten to a page, numbered throughout', async () => {
    const { say } = await bot();
    for (let i = 1; i <= 12; i++) await learning.record({ kind: 'pick', at: `2026-12-01T00:${String(i).padStart(2, '0')}:00Z`, question: `大集问题${i}`, entry: SPRING, user: `telegram:${ADMIN}`, admin: true });
    const first = await say('/suggestions', ADMIN);
    expect(first.text).toContain('1. “大集问题12”');
    expect(first.text).toContain('10. “大集问题3”');
    expect(first.text).toContain('第 1/2 页');
    const second = await say('/suggestions 2', ADMIN);
    expect(second.text).toContain('11. “大集问题2”');
    expect(second.text).toContain('12. “大集问题1”');
    expect(second.text).not.toContain('10.');
    expect((await say('/suggestions 3', ADMIN)).text).toContain('只有 2 页。');
  });

  it('refuses a member politely (and logs it); bad arguments get the usage', async () => {
    const { say } = await bot();
    expect((await say('/suggestions', 'u5')).text).toContain('只有机器人管理员可以使用');
    expect((await say('建议 accept 1', 'u5')).text).toContain('只有机器人管理员可以使用');
    expect(logged.lines.filter((l) => l.msg === 'admin command refused for a non-admin' && l.command === 'suggestions')).toHaveLength(2);
    for (const bad of ['/suggestions accept', '/suggestions please', '/suggestions 0', '/suggestions reject x']) {
      expect((await say(bad, ADMIN)).text).toContain('用法：/suggestions [页码] | /suggestions accept 编号 | /suggestions reject 编号');
    }
    expect((await say('/suggestions accept 4', ADMIN)).text).toContain('没有第 4 条');
  });
});
