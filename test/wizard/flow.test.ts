import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../src/core/commands.js';
import type { Feature } from '../../src/core/feature.js';
import type { Reply } from '../../src/core/message.js';
import type { FaqSource } from '../../src/knowledge/faq-links.js';
import { KAIDIAN_FLOW, kaidianFeature } from '../../src/wizard/feature.js';
import { tempDir } from '../helpers/cli.js';
import { groupMessage, makeRuntime, privateMessage, silentLog } from '../helpers/runtime.js';

const faq: FaqSource = { current: () => ({ entry: (id) => ({ question: `问：${id}` }) as never }) };
// Stands in for the knowledge feature: answers free text with one follow-up, and shows entries by id.
const answerer: Feature = {
  name: 'answerer',
  commands: [
    defineCommand({
      name: 'answer',
      summary: { 'zh-CN': '看', en: 'show' },
      usage: '/answer id',
      args: z.string(),
      run: (ctx, id) => ctx.reply(`show:${id}`),
    }),
  ],
  handlers: [
    { stage: 'fallback', run: (ctx) => ctx.reply({ text: `answer:${ctx.text}`, suggestions: [{ label: 'faq', action: '/answer x' }] }) },
  ],
};

let wizard: Feature;
beforeAll(async () => {
  wizard = kaidianFeature({ dir: 'knowledge', faq, log: silentLog });
  await wizard.start!();
});

function setup() {
  let now = new Date('2026-11-28T02:00:00Z');
  // The answerer listed first on purpose: the wizard is a flow, and flows see free text before the fallback.
  const rt = makeRuntime([answerer, wizard], { now: () => now });
  const say = async (text: string, sender = 'u1') => (await rt.handle(privateMessage(text, sender)))[0]!;
  return { rt, say, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const labels = (r: Reply) => r.suggestions?.map((s) => s.label) ?? [];

describe('/kaidian flow', () => {
  it('asks three questions by numbered replies and ends with the checklist', async () => {
    const { say } = setup();
    const q1 = await say('/kaidian');
    expect(q1.title).toContain('第1步');
    expect(labels(q1)).toHaveLength(7);
    expect(q1.suggestions![0]!.action).toBe('/kaidian farm');
    const q2 = await say('1');
    expect(q2.title).toContain('第2步');
    expect(q2.suggestions!.map((s) => s.action)).toEqual(['/kaidian farm self', '/kaidian farm gth', '/kaidian farm corp']);
    const q3 = await say('1');
    expect(q3.title).toContain('第3步');
    expect(labels(q3)).toHaveLength(9);
    expect(labels(q3)[8]).toBe('平台还没定，直接看清单');
    const toggled = await say('1');
    expect(labels(toggled)[0]).toBe('✓ 淘宝');
    expect(labels(toggled)[8]).toBe('完成，生成清单（已选 1 个）');
    const result = await say('9');
    expect(result.title).toBe('开店清单：自产农产品 · 个人 · 淘宝');
    expect(result.text).toContain('《电子商务法》第十条');
    expect(result.text).toContain('承诺达标合格证');
    expect(result.suggestions![0]!.action).toBe('/answer reg-self-produced-farm-products');
    // The flow is over: a digit now picks a checklist link.
    expect((await say('1')).text).toBe('show:reg-self-produced-farm-products');
  });

  it('takes a typed list of platform numbers, 完成, and words merchants use', async () => {
    const { say } = setup();
    await say('开店向导');
    await say('自己做的辣椒酱');
    await say('个体户');
    const result = await say('1 3 4');
    expect(result.title).toBe('开店清单：自制食品 · 个体户 · 淘宝、拼多多、抖店');
    expect(result.text).toContain('食品生产许可证（SC）');
    expect(result.text).toContain('小作坊');

    await say('/kaidian');
    await say('2');
    await say('3');
    await say('6');
    expect((await say('完成')).title).toBe('开店清单：预包装食品 · 公司或合作社 · 微信小店');
  });

  it('gives the checklist at once when everything is written after the command', async () => {
    const { say } = setup();
    const result = await say('/kaidian 手工艺品 个人 小红书');
    expect(result.title).toBe('开店清单：手工艺品 · 个人 · 小红书');
    expect(result.text).toContain('家庭手工业产品');
  });

  it('quits on 取消, typed or as a command', async () => {
    const { say } = setup();
    await say('/kaidian');
    await say('1');
    expect((await say('取消')).text).toContain('已退出开店向导');
    expect((await say('1')).text).toBe('answer:1');
    await say('/kaidian farm');
    expect((await say('/kaidian 取消')).text).toContain('已退出开店向导');
  });

  it('steps aside for a real question, answering it and saying the wizard ended', async () => {
    const { say, rt } = setup();
    await say('/kaidian');
    const replies = await rt.handle(privateMessage('个体户和公司有什么区别？'));
    expect(replies.map((r) => r.text)).toEqual(['answer:个体户和公司有什么区别？', expect.stringContaining('开店向导已退出')]);
    // Numbers now belong to the answer's choices, not to the wizard.
    expect((await say('1')).text).toBe('show:x');
  });

  it('re-asks with what it did not understand when a command has unknown words', async () => {
    const { say } = setup();
    const reply = await say('/kaidian 卖点东西');
    expect(reply.text).toContain('没看懂“卖点东西”');
    expect(reply.title).toContain('第1步');
  });

  it('forgets an unfinished wizard after ttlMinutes, while a late button still works', async () => {
    const { say, advance, rt } = setup();
    await say('/kaidian');
    const key = 'telegram:u1:u1';
    expect(rt.conversations.get(key, Date.parse('2026-11-28T02:00:00Z'))?.flow?.name).toBe(KAIDIAN_FLOW);
    advance(29 * 60_000);
    expect((await say('1')).title).toContain('第2步');
    advance(31 * 60_000);
    expect((await say('1')).text).toBe('answer:1');
    // Buttons carry all answers, so a tap on an old button still leads on.
    expect((await say('/kaidian farm self')).title).toContain('第3步');
  });

  it('keeps each person’s wizard apart, in private chats and in groups', async () => {
    const { rt, say } = setup();
    await say('/kaidian', 'alice');
    await say('/kaidian', 'bob');
    await say('3', 'alice');
    expect((await say('1', 'bob')).suggestions![0]!.action).toBe('/kaidian farm self');
    const group = async (text: string, sender: string) => (await rt.handle(groupMessage(text, { mentioned: true }, sender)))[0]!;
    await group('/kaidian', 'carol');
    expect((await group('7', 'dave')).text).toBe('answer:7');
    expect((await group('7', 'carol')).title).toContain('第2步');
  });

  it('is politely unavailable when the rules file is broken or missing', async () => {
    const broken = kaidianFeature({ dir: await tempDir('no-kaidian-'), faq, log: silentLog });
    await broken.start!();
    const rt = makeRuntime([broken, answerer]);
    expect((await rt.handle(privateMessage('/kaidian')))[0]!.text).toContain('暂时用不了');
    expect(broken.health!()).toMatchObject({ items: 0, error: expect.stringContaining('file is missing') });
  });
});
