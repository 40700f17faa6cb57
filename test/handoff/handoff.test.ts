import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEXTS as CORE_TEXTS } from '../../src/core/texts.js';
import type { HandoffFeature } from '../../src/handoff/feature.js';
import { pushIdIn } from '../../src/handoff/texts.js';
import type { Bot } from '../../src/bot.js';
import { recordingLog } from '../helpers/runtime.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { ADMIN, startBot } from '../scheduler/helpers.js';
import { fakeAnswerer } from '../telegram/fake-answerer.js';
import { KNOWLEDGE_DIR } from '../telegram/helpers.js';

const NOW = '2026-12-06T02:00:00Z';
const UNKNOWN = '我家的腊肉能不能寄到国外';

type Harness = Awaited<ReturnType<typeof startBot>>;
let running: Harness[] = [];

async function launch(options: Partial<Parameters<typeof startBot>[0]> = {}) {
  // On a Telegram-like platform: the hand-off names where a request came from by platform.
  const h = await startBot({
    at: NOW,
    knowledgeDir: KNOWLEDGE_DIR,
    buildAnswerer: fakeAnswerer,
    adapter: new FakeAdapter({ platform: 'telegram' }),
    ...options,
  });
  running.push(h);
  return h;
}

function handoffOf(bot: Bot): HandoffFeature {
  return bot.runtime.features.find((f) => f.name === 'handoff') as HandoffFeature;
}

/** What the bot replied, each reply as one string with its title and choices. */
function texts(replies: { title?: string; text: string; suggestions?: { label: string }[] }[]): string {
  return replies.map((r) => [r.title, r.text, ...(r.suggestions ?? []).map((s) => s.label)].filter(Boolean).join('\n')).join('\n---\n');
}

afterEach(async () => {
  for (const h of running) await h.bot.stop();
  running = [];
});

describe('hand-off to a person', () => {
  it('offers a person under "don\'t know" in a private chat; picking it passes the question on and pushes it to the admin', async () => {
    const h = await launch({ contact: '县电商服务中心 0000-1234567' });
    const [dontKnow] = await h.adapter.say(UNKNOWN, { chat: 'm1' });
    // The answer text is the knowledge feature's, untouched; the offer is a choice under it.
    expect(dontKnow!.text).toBe('这个问题我还答不上来。');
    expect(dontKnow!.suggestions?.map((s) => s.label)).toEqual(['转人工：请中心工作人员解答']);
    const passed = await h.adapter.say('1', { chat: 'm1' });
    expect(texts(passed)).toContain('已把您的问题转给县电商服务中心的工作人员（编号 #1）');
    expect(texts(passed)).toContain('县电商服务中心 0000-1234567');
    const desk = handoffOf(h.bot).desk;
    await desk.idle();
    const [push] = h.adapter.delivered.filter((d) => d.chatId === ADMIN);
    expect(push!.reply.title).toBe('人工求助 #1');
    expect(push!.reply.text).toContain(UNKNOWN);
    expect(push!.reply.text).toContain('telegram:m1');
    expect(push!.reply.text).toContain('直接回复（引用）这条消息，或发送“回复 1 答复内容”');
    expect(desk.waiting().map((i) => [i.id, i.question, i.asker.key])).toEqual([[1, UNKNOWN, 'telegram:m1']]);
  });

  it("takes the asker's last question for a bare 转人工, and asks for one when there is none", async () => {
    const h = await launch();
    await h.adapter.say('营业执照', { chat: 'm1' });
    await h.adapter.say('转人工', { chat: 'm1' });
    const asked = await h.adapter.say('转人工', { chat: 'm2' });
    expect(texts(asked)).toContain('请把要转给工作人员的问题发给我');
    const passed = await h.adapter.say('网店被投诉了怎么办', { chat: 'm2' });
    expect(texts(passed)).toContain('编号 #2');
    // The question is taken once: a second bare 转人工 asks again.
    expect(texts(await h.adapter.say('人工', { chat: 'm1' }))).toContain('请把要转给工作人员的问题发给我');
    expect(texts(await h.adapter.say('取消', { chat: 'm1' }))).toContain('已取消');
    expect(
      handoffOf(h.bot)
        .desk.waiting()
        .map((i) => i.question),
    ).toEqual(['营业执照', '网店被投诉了怎么办']);
  });

  it('answers a group member in the group, mentioning them; a second answer and a non-admin are refused', async () => {
    const logged = recordingLog();
    const h = await launch({ logger: logged.log });
    const passed = await h.adapter.say(`转人工 ${UNKNOWN}`, { chat: 'g1', kind: 'group', sender: 'm7', title: '县电商交流群' });
    expect(texts(passed)).toContain('发在本群并 @您');
    const desk = handoffOf(h.bot).desk;
    await desk.idle();
    expect(h.adapter.to(ADMIN).join('\n')).toContain('Telegram群「县电商交流群」 · 用户m7（telegram:m7）');

    const refused = await h.adapter.say('/reply 1 我来答', { chat: 'm7' });
    expect(texts(refused)).toBe(CORE_TEXTS['zh-CN'].notAdmin);
    expect(logged.lines.some((l) => l.msg === 'admin command refused for a non-admin' && l.user === 'telegram:m7')).toBe(true);

    const done = await h.adapter.say('/reply 1 可以寄，但肉制品多数国家禁止入境，请先查目的国规定。');
    expect(texts(done)).toBe('#1 的答复已送达 用户m7（Telegram群「县电商交流群」）。');
    const [answer] = h.adapter.delivered.filter((d) => d.chatId === 'g1');
    expect(answer!.reply.mention).toEqual({ id: 'm7', name: '用户m7' });
    expect(answer!.reply.title).toBe('中心工作人员答复');
    expect(answer!.reply.text).toContain(`您问：“${UNKNOWN}”`);
    expect(answer!.reply.text).toContain('肉制品多数国家禁止入境');

    const again = await h.adapter.say('回复 1 再说一次');
    expect(texts(again)).toContain('#1 已由 telegram:admin 在 2026-12-06 10:00 答复过，不再重复发送。');
    expect(h.adapter.delivered.filter((d) => d.chatId === 'g1')).toHaveLength(1);
    expect(desk.waiting()).toEqual([]);
    expect(desk.recent(5)[0]!.answer).toMatchObject({ by: 'telegram:admin', delivery: 'sent' });
    expect(desk.pairs()).toEqual([
      { id: 1, question: UNKNOWN, answer: '可以寄，但肉制品多数国家禁止入境，请先查目的国规定。', at: new Date(NOW).toISOString() },
    ]);
  });

  it('gives usage for bad arguments, and a bare /reply <id> waits for the answer in the next message', async () => {
    const h = await launch();
    expect(texts(await h.adapter.say('/reply 好的'))).toContain('用法：/reply 编号 答复内容');
    expect(texts(await h.adapter.say('/reply 9 你好'))).toContain('没有编号为 #9 的人工求助');
    await h.adapter.say(`转人工 ${UNKNOWN}`, { chat: 'm1' });
    expect(texts(await h.adapter.say('/reply 1'))).toContain(`请发送给 用户m1 的答复（#1：“${UNKNOWN}”）`);
    expect(texts(await h.adapter.say('不能寄。'))).toContain('#1 的答复已送达 用户m1（Telegram私聊）');
    const [answer] = h.adapter.delivered.filter((d) => d.chatId === 'm1');
    expect(answer!.reply.text).toContain('不能寄。');
    // A private chat needs no mention.
    expect(answer!.reply.mention).toBeUndefined();
  });

  it('lists the waiting requests oldest first with how long they waited', async () => {
    const h = await launch();
    await h.adapter.say('转人工 第一个问题', { chat: 'm1' });
    h.clock.now = new Date('2026-12-06T03:30:00Z');
    await h.adapter.say('转人工 第二个问题', { chat: 'm2' });
    h.clock.now = new Date('2026-12-06T04:05:00Z');
    const [list] = await h.adapter.say('人工列表');
    expect(list!.title).toBe('等待人工答复（2）');
    expect(list!.text.split('\n').slice(0, 2)).toEqual([
      '#1 已等2小时5分钟 · Telegram私聊 · 用户m1：第一个问题',
      '#2 已等35分钟 · Telegram私聊 · 用户m2：第二个问题',
    ]);
    await h.adapter.say('转人工 刚问的问题', { chat: 'm3' });
    expect((await h.adapter.say('人工列表'))[0]!.text).toContain('#3 已等不到1分钟 · Telegram私聊 · 用户m3：刚问的问题');
    expect(texts(await h.adapter.say('/handoffs', { chat: 'm1' }))).toBe(CORE_TEXTS['zh-CN'].notAdmin);
  });

  it('keeps waiting requests across a restart on the same data folder', async () => {
    const first = await launch();
    await first.adapter.say('转人工 重启前的问题', { chat: 'g1', kind: 'group', sender: 'm3' });
    await first.bot.stop();
    running = running.filter((r) => r !== first);
    const second = await launch({ dataDir: first.dataDir, adapter: new FakeAdapter({ platform: 'telegram' }) });
    const desk = handoffOf(second.bot).desk;
    expect(desk.waiting().map((i) => [i.id, i.question, i.chatKey])).toEqual([[1, '重启前的问题', 'telegram:g1']]);
    expect(texts(await second.adapter.say('/reply 1 重启后的答复'))).toContain('已送达');
    expect(second.adapter.delivered.find((d) => d.chatId === 'g1')?.reply.mention?.id).toBe('m3');
    // New requests continue the numbering.
    expect(texts(await second.adapter.say('转人工 新问题', { chat: 'm4' }))).toContain('编号 #2');
  });

  it('refuses to start on a damaged journal and leaves the file as it was', async () => {
    const first = await launch();
    await first.adapter.say('转人工 问题', { chat: 'm1' });
    await first.bot.stop();
    running = running.filter((r) => r !== first);
    const file = path.join(first.dataDir, 'handoffs.jsonl');
    await appendFile(file, '{"type":"answered","id":1}\n');
    const before = await readFile(file, 'utf8');
    await expect(launch({ dataDir: first.dataDir, adapter: new FakeAdapter({ platform: 'telegram' }) })).rejects.toThrow(
      /handoffs\.jsonl: line 2 does not match the schema/,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('in English', () => {
  it('speaks to merchants and admins in BOT_LOCALE=en', async () => {
    const h = await launch({ locale: 'en' });
    const [dontKnow] = await h.adapter.say(UNKNOWN, { chat: 'm1' });
    expect(dontKnow!.suggestions?.map((s) => s.label)).toEqual(['Ask a person at the centre']);
    expect(texts(await h.adapter.say('1', { chat: 'm1' }))).toContain(
      'Your question was passed to the staff of the county e-commerce centre (no. #1)',
    );
    await handoffOf(h.bot).desk.idle();
    expect(h.adapter.to(ADMIN).join('\n')).toContain('Hand-off #1\nFrom: Telegram private chat · 用户m1 (telegram:m1)');
    expect(texts(await h.adapter.say('/reply 1 No, not by post.'))).toBe('The answer to #1 reached 用户m1 (Telegram private chat).');
    expect(h.adapter.to('m1').at(-1)).toContain('You asked: "我家的腊肉能不能寄到国外"\n\nNo, not by post.');
  });
});

describe('the console API (HandoffDesk)', () => {
  it('answers through the same path as /reply, refuses non-admins, and counts for the dashboard', async () => {
    const h = await launch();
    await h.adapter.say('转人工 控制台的问题', { chat: 'g1', kind: 'group', sender: 'm5' });
    h.clock.now = new Date('2026-12-06T02:20:00Z');
    await h.adapter.say('转人工 另一个问题', { chat: 'm6' });
    const desk = handoffOf(h.bot).desk;
    expect(desk.waiting().map((i) => [i.id, i.waitedMs])).toEqual([
      [1, 20 * 60_000],
      [2, 0],
    ]);

    expect(await desk.answer(1, 'telegram:m5', '我自己答')).toEqual({ status: 'not-admin' });
    expect(await desk.answer(1, `telegram:${ADMIN}`, '   ')).toEqual({ status: 'empty' });
    expect(await desk.answer(3, `telegram:${ADMIN}`, '答复')).toEqual({ status: 'unknown-id' });
    h.clock.now = new Date('2026-12-06T02:30:00Z');
    const outcome = await desk.answer(1, `telegram:${ADMIN}`, '控制台里的答复');
    expect(outcome.status).toBe('delivered');
    const [answer] = h.adapter.delivered.filter((d) => d.chatId === 'g1');
    expect(answer!.reply.mention).toEqual({ id: 'm5', name: '用户m5' });
    expect(answer!.reply.text).toContain('控制台里的答复');
    // The chat command sees the console's answer.
    expect(texts(await h.adapter.say('/reply 1 再答一次'))).toContain('#1 已由 telegram:admin');
    expect((await desk.answer(1, `telegram:${ADMIN}`, '又一次')).status).toBe('already-answered');

    expect(desk.stats(new Date('2026-12-01T00:00:00Z'))).toEqual({ asked: 2, answered: 1, waiting: 1, medianWaitMs: 30 * 60_000 });
    expect(desk.stats(new Date('2026-12-06T02:10:00Z'))).toEqual({ asked: 1, answered: 0, waiting: 1, medianWaitMs: undefined });
    expect(desk.recent(1).map((i) => i.id)).toEqual([2]);
  });

  it('keeps a request waiting when the answer could not be sent, and sends it on the next try', async () => {
    const h = await launch();
    await h.adapter.say('转人工 问题', { chat: 'm1' });
    const desk = handoffOf(h.bot).desk;
    h.adapter.script.set('m1', [{ status: 'failed', reason: 'Telegram is unreachable', retryable: true }]);
    expect(texts(await h.adapter.say('/reply 1 答复'))).toBe('#1 的答复没有送出：Telegram is unreachable。问题仍在等待，请稍后再发一次。');
    expect(desk.waiting().map((i) => i.id)).toEqual([1]);
    expect((await desk.answer(1, `telegram:${ADMIN}`, '答复')).status).toBe('delivered');
    expect(desk.waiting()).toEqual([]);
  });

  it('an answer whose connection broke after it left counts as answered, is not sent again, and the admin hears it may not have arrived', async () => {
    const h = await launch();
    await h.adapter.say('转人工 问题', { chat: 'm1' });
    const desk = handoffOf(h.bot).desk;
    h.adapter.script.set('m1', [{ status: 'unknown', reason: '502: Bad Gateway' }]);
    expect(texts(await h.adapter.say('/reply 1 答复'))).toContain('无法确认对方是否收到');
    expect(desk.waiting()).toEqual([]);
    expect((await desk.answer(1, `telegram:${ADMIN}`, '再答')).status).toBe('already-answered');
    expect(h.adapter.tries.filter((t) => t.chatId === 'm1')).toHaveLength(1);
  });
});

describe('pushIdIn', () => {
  it('finds the request number in a quoted push of either language, and nowhere else', () => {
    expect(pushIdIn('人工求助 #12\n\n来自：微信私聊')).toBe(12);
    expect(pushIdIn('【人工求助 #3】\n\n来自')).toBe(3);
    expect(pushIdIn('Hand-off #7\nFrom: Telegram')).toBe(7);
    expect(pushIdIn('您问：“人工求助 #3 是什么”')).toBeUndefined();
  });
});
