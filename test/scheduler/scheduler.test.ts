import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEXTS } from '../../src/core/texts.js';
import { foldLedger } from '../../src/scheduler/ledger.js';
import { LedgerLineSchema } from '../../src/scheduler/schemas.js';
import { Journal } from '../../src/storage/journal.js';
import { ADMIN, confirmCode, startBot, useLoopTimers } from './helpers.js';
import { enospc, fillableDisk } from '../helpers/disk.js';
import { MemoryDatabase, MemoryStore } from '../../src/storage/memory/memory-store.js';

// Shanghai (UTC+8). "Now" is 2026-11-28 10:00 there; the training is on 2026-12-10 at 09:00 = 01:00Z.
const NOW = '2026-11-28T02:00:00Z';
const ADD = '/event add 2026-12-10 09:00 | 直播带货实操培训 | 县电商公共服务中心三楼 | 培训';
const DUE_7D = '2026-12-03T01:00:00Z';
const DUE_1D = '2026-12-09T01:00:00Z';
const DUE_2H = '2026-12-09T23:00:00Z';

const minuteBefore = (iso: string) => new Date(new Date(iso).getTime() - 60_000).toISOString();
const notAdmin = TEXTS['zh-CN'].notAdmin;

async function rows(dataDir: string) {
  return [...foldLedger(await new Journal(path.join(dataDir, 'deliveries.jsonl'), LedgerLineSchema).readAll()).values()];
}

type Harness = Awaited<ReturnType<typeof startBot>>;
let running: Harness[] = [];
async function launch(options: Parameters<typeof startBot>[0]) {
  const h = await startBot(options);
  running.push(h);
  return h;
}
async function shutdown(h: Harness) {
  await h.bot.stop();
  running = running.filter((r) => r !== h);
}

/** u1 wants trainings, u2 everything, group g1 only exhibitions (subscribed by its group admin). */
async function subscribeAll(h: Harness) {
  await h.adapter.say('/subscribe 培训', { chat: 'u1' });
  await h.adapter.say('订阅 全部', { chat: 'u2' });
  await h.adapter.say('/subscribe 展会', { chat: 'g1', kind: 'group', sender: 'boss', groupAdmin: true });
}

beforeEach(() => useLoopTimers());
afterEach(async () => {
  for (const h of running) await h.bot.stop();
  running = [];
  vi.useRealTimers();
});

describe('events and reminders', () => {
  it('announces a new event to matching subscribers and reminds them at 7 days, 1 day and 2 hours', async () => {
    const h = await launch({ at: NOW });
    await subscribeAll(h);
    const [added] = await h.adapter.say(ADD);
    expect(added?.title).toBe('已添加活动 #1');
    expect(added?.text).toContain('将通知 2 个订阅的聊天');
    await h.settle();
    expect(h.adapter.to('u1')).toHaveLength(1);
    expect(h.adapter.to('u1')[0]).toContain('新活动：培训｜直播带货实操培训');
    expect(h.adapter.to('u1')[0]).toContain('2026-12-10（周四）09:00');
    expect(h.adapter.to('u2')).toHaveLength(1);
    expect(h.adapter.to('g1')).toHaveLength(0);
    expect(h.adapter.to(ADMIN).join()).toContain('成功 2');

    for (const [due, label] of [
      [DUE_7D, '还有7天'],
      [DUE_1D, '还有1天'],
      [DUE_2H, '还有2小时'],
    ] as const) {
      await h.at(minuteBefore(due));
      const before = h.adapter.to('u1').length;
      await h.at(due);
      const after = h.adapter.to('u1');
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)).toContain(label);
    }
    await h.at('2026-12-10T02:00:00Z');
    expect(h.adapter.to('u1')).toHaveLength(4);
    expect(h.adapter.to('u2')).toHaveLength(4);
    // Reminders report to the admin only when something went wrong: one report (the new event) so far.
    expect(h.adapter.to(ADMIN).filter((t) => t.includes('发送报告'))).toHaveLength(1);
  });

  it('skips reminders whose time had already passed when the event was added', async () => {
    const h = await launch({ at: '2026-12-07T02:00:00Z' });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    const [added] = await h.adapter.say(ADD);
    expect(added?.text).toContain('已过时、不会发送的提醒：提前7天');
    expect(added?.text).toContain('12-09 09:00（提前1天）');
    for (const at of [DUE_1D, DUE_2H, '2026-12-10T02:00:00Z']) await h.at(at);
    expect(h.adapter.to('u1').map((t) => t.split('\n')[0])).toEqual([
      '新活动：培训｜直播带货实操培训',
      '活动提醒：还有1天开始',
      '活动提醒：还有2小时开始',
    ]);
  });

  it('re-plans reminders when the time is edited and tells the chats already told', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    await h.adapter.say(ADD);
    await h.at(DUE_7D);
    expect(h.adapter.to('u1')).toHaveLength(2);
    const [edited] = await h.adapter.say('/event edit 1 时间: 2026-12-20 09:00');
    expect(edited?.text).toContain('已修改活动 #1（时间）');
    expect(edited?.text).toContain('12-13 09:00（提前7天）');
    await h.settle();
    expect(h.adapter.to('u1').at(-1)).toContain('活动变更');
    expect(h.adapter.to('u1').at(-1)).toContain('2026-12-20（周日）09:00');
    // The old 1-day reminder never goes out; the new 7-day one does, at the new time.
    await h.at(DUE_1D);
    expect(h.adapter.to('u1')).toHaveLength(3);
    await h.at('2026-12-13T01:00:00Z');
    expect(h.adapter.to('u1')).toHaveLength(4);
    expect(h.adapter.to('u1').at(-1)).toContain('还有7天');
  });

  it('cancels: the chats already told get a notice, later subscribers and reminders nothing', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    await h.adapter.say(ADD);
    await h.settle();
    await h.adapter.say('/subscribe', { chat: 'u3' });
    const [reply] = await h.adapter.say('/event cancel 1');
    expect(reply?.text).toContain('已取消活动 #1');
    await h.settle();
    expect(h.adapter.to('u1').at(-1)).toContain('活动取消：直播带货实操培训');
    expect(h.adapter.to('u3')).toEqual([]);
    for (const at of [DUE_7D, DUE_1D, DUE_2H]) await h.at(at);
    expect(h.adapter.to('u1')).toHaveLength(2);
    expect(h.adapter.to('u3')).toEqual([]);
    expect((await h.adapter.say('/events', { chat: 'u1' }))[0]?.text).toContain('近期没有安排活动');
  });

  it('counts 报名 interest once per person and shows it to admins only', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say(ADD);
    const [signed] = await h.adapter.say('报名 1', { chat: 'u1' });
    expect(signed?.text).toContain('已登记您对 #1');
    expect(signed?.text).toContain('（2026-12-10（周四）09:00 · 县电商公共服务中心三楼）');
    expect((await h.adapter.say('报名 1', { chat: 'u1' }))[0]?.text).toContain('已经登记过');
    await h.adapter.say('报名 1', { chat: 'g1', kind: 'group', sender: 'u2' });
    expect((await h.adapter.say('/event 1'))[0]?.text).toContain('报名意向：2 人');
    expect((await h.adapter.say('/event 1', { chat: 'u1' }))[0]?.text).not.toContain('报名意向');
    // `活动 1` (an alias of /events) shows the one event as /event 1 does.
    const shown = await h.adapter.say('/event 1', { chat: 'u1' });
    expect(shown[0]?.title).toBe('#1 培训｜直播带货实操培训');
    expect(await h.adapter.say('活动 1', { chat: 'u1' })).toEqual(shown);
    expect((await h.adapter.say('报名 9', { chat: 'u1' }))[0]?.text).toContain('没有编号为 9 的活动');
  });

  it('reads times in a zone with daylight saving (America/New_York across the March change)', async () => {
    const h = await launch({ at: '2026-02-27T15:00:00Z', timezone: 'America/New_York' });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    // 09:00 on Monday 9 March is EDT (UTC-4): 13:00Z. Clocks changed on Sunday 8 March.
    const [added] = await h.adapter.say('/event add 2026-03-09 09:00 | Live selling workshop | Room 3 | training');
    expect(added?.text).toContain('03-02 09:00（提前7天）');
    await h.settle();
    expect(h.adapter.to('u1')[0]).toContain('2026-03-09（周一）09:00');
    // The 7-day reminder keeps the 09:00 wall time in EST (14:00Z); the others fall in EDT.
    for (const due of ['2026-03-02T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T11:00:00Z']) {
      const before = h.adapter.to('u1').length;
      await h.at(minuteBefore(due));
      expect(h.adapter.to('u1')).toHaveLength(before);
      await h.at(due);
      expect(h.adapter.to('u1')).toHaveLength(before + 1);
    }
    // A clock time that does not exist that night is refused with a reason.
    const [gap] = await h.adapter.say('/event add 2026-03-08 02:30 | Night market | Square | other');
    expect(gap?.text).toContain('夏令时');
  });
});

describe('catch-up after downtime', () => {
  it('sends a missed reminder within its grace, skips stale ones', async () => {
    const first = await launch({ at: NOW });
    await first.adapter.say('/subscribe', { chat: 'u1' });
    await first.adapter.say(ADD);
    await first.settle();
    await shutdown(first);
    // stop() leaves no timer behind.
    expect(vi.getTimerCount()).toBe(0);

    // Down through the 7-day reminder and 13 hours past it: its grace is 12 hours.
    const second = await launch({ at: '2026-12-03T14:00:00Z', dataDir: first.dataDir });
    await second.at('2026-12-03T14:00:00Z');
    expect(second.adapter.to('u1')).toEqual([]);
    await shutdown(second);

    // 3 hours late for the 1-day reminder (grace 6 hours): still useful.
    const third = await launch({ at: '2026-12-09T04:00:00Z', dataDir: first.dataDir });
    await third.at('2026-12-09T04:00:00Z');
    expect(third.adapter.to('u1')).toHaveLength(1);
    expect(third.adapter.to('u1')[0]).toContain('还有21小时');
    await shutdown(third);

    // 40 minutes late for the 2-hour reminder (grace 30 minutes): skipped.
    const fourth = await launch({ at: '2026-12-09T23:40:00Z', dataDir: first.dataDir });
    await fourth.at('2026-12-09T23:40:00Z');
    expect(fourth.adapter.to('u1')).toEqual([]);
  });

  it('sends only the latest of several overdue reminders', async () => {
    const first = await launch({ at: NOW, reminderOffsets: '1d,20h' });
    await first.adapter.say('/subscribe', { chat: 'u1' });
    await first.adapter.say(ADD);
    await first.settle();
    await shutdown(first);
    // 1-day reminder 5 h late (grace 6 h), 20-hour one 1 h late (grace 5 h): both good, one message.
    const second = await launch({ at: '2026-12-09T06:00:00Z', dataDir: first.dataDir, reminderOffsets: '1d,20h' });
    await second.at('2026-12-09T06:00:00Z');
    expect(second.adapter.to('u1')).toHaveLength(1);
    expect(second.adapter.to('u1')[0]).toContain('还有19小时');
    await second.at('2026-12-09T07:00:00Z');
    expect(second.adapter.to('u1')).toHaveLength(1);
  });
});

describe('announcements', () => {
  it('sends nothing until the author confirms, then once, with a report', async () => {
    const h = await launch({ at: NOW, admins: `fake:${ADMIN},fake:admin2` });
    await subscribeAll(h);
    const preview = await h.adapter.say('/announce #培训 周六的培训改到下午两点');
    expect(preview[0]?.text).toContain('将发给 2 个订阅的聊天（主题 培训，全部地区）');
    const code = confirmCode(preview);
    expect(preview[0]?.suggestions?.[0]).toEqual({ label: '确认发送', action: `/confirm ${code}` });
    // Time passes and the loop runs: nothing goes out without the confirmation.
    await h.at('2026-11-28T02:20:00Z');
    expect(h.adapter.delivered).toEqual([]);

    expect((await h.adapter.say(`确认 ${code}`, { chat: 'admin2' }))[0]?.text).toContain('没有找到这个确认码');
    expect((await h.adapter.say(`确认 ${code}`))[0]?.text).toContain('已确认');
    expect((await h.adapter.say(`/confirm ${code}`))[0]?.text).toContain('不会重复发送');
    await h.settle();
    expect(h.adapter.to('u1')).toEqual(['通知\n周六的培训改到下午两点']);
    expect(h.adapter.to('u2')).toHaveLength(1);
    expect(h.adapter.to('g1')).toEqual([]);
    const report = h.adapter.to(ADMIN).find((t) => t.startsWith('发送报告'));
    expect(report).toContain('成功 2 · 失败 0 · 已移除 0 · 未知 0');
    expect((await h.adapter.say('/deliveries'))[0]?.text).toContain('成功 2');
  });

  it('drops a draft nobody confirmed within 30 minutes', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    const code = confirmCode(await h.adapter.say('/announce @临安 明天停电'));
    h.clock.now = new Date('2026-11-28T02:31:00Z');
    expect((await h.adapter.say(`确认 ${code}`))[0]?.text).toContain('已过期');
    await h.settle();
    expect(h.adapter.delivered).toEqual([]);
  });

  it('deactivates a chat that blocked the bot, counts it as removed, and leaves it out next time', async () => {
    const h = await launch({ at: NOW });
    await subscribeAll(h);
    h.adapter.script.set('u2', [{ status: 'gone', reason: 'Forbidden: bot was blocked by the user' }]);
    await h.adapter.say(`确认 ${confirmCode(await h.adapter.say('/announce 第一条'))}`);
    await h.settle();
    expect(h.adapter.to(ADMIN).find((t) => t.startsWith('发送报告'))).toContain('成功 2 · 失败 0 · 已移除 1');
    expect((await h.adapter.say('/subscriptions'))[0]?.text).toContain('已停用 1');
    expect((await h.adapter.say('/announce 第二条'))[0]?.text).toContain('将发给 2 个订阅的聊天');
  });

  it('retries a failed send with backoff and sends it once', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    const flaky = { status: 'failed' as const, reason: 'ETIMEDOUT', retryable: true };
    h.adapter.script.set('u1', [flaky, flaky]);
    await h.adapter.say(`确认 ${confirmCode(await h.adapter.say('/announce 网络不稳也要送到'))}`);
    await h.settle();
    expect(h.adapter.to('u1')).toEqual([]);
    // Attempt 2 waits 30 s, attempt 3 another 60 s.
    await h.at('2026-11-28T02:00:20Z');
    expect(h.adapter.attempts).toBe(1);
    await h.at('2026-11-28T02:00:31Z');
    expect(h.adapter.attempts).toBe(2);
    await h.at('2026-11-28T02:01:20Z');
    expect(h.adapter.attempts).toBe(2);
    await h.at('2026-11-28T02:01:32Z');
    expect(h.adapter.to('u1')).toHaveLength(1);
    const row = (await rows(h.dataDir)).find((r) => r.chat === 'fake:u1');
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });
});

describe('partial and unknown deliveries', () => {
  it('an unknown or part-way delivery is not re-sent on its own; /deliveries names it with the parts that went; /resend resumes at the unconfirmed part', async () => {
    const h = await launch({ at: NOW });
    await subscribeAll(h);
    h.adapter.script.set('u1', [{ status: 'unknown', reason: '502: Bad Gateway', partsSent: 1, parts: 2 }]);
    h.adapter.script.set('u2', [
      { status: 'failed', reason: '400: Bad Request: message is too long', retryable: false, partsSent: 2, parts: 3 },
    ]);
    await h.adapter.say(`确认 ${confirmCode(await h.adapter.say('/announce #培训 周六的培训改到下午两点'))}`);
    await h.settle();
    await h.at('2026-11-28T03:00:00Z');
    // Two deliveries and the admin's report: neither delivery was tried again.
    expect(h.adapter.attempts).toBe(3);
    const found = await rows(h.dataDir);
    expect(found.find((r) => r.chat === 'fake:u1')).toMatchObject({ status: 'unknown', partsSent: 1, parts: 2 });
    expect(found.find((r) => r.chat === 'fake:u2')).toMatchObject({ status: 'failed', partsSent: 2, parts: 3 });
    const report = h.adapter.to(ADMIN).find((t) => t.startsWith('发送报告'));
    expect(report).toContain('网络中断');
    const text = (await h.adapter.say('/deliveries'))[0]?.text ?? '';
    expect(text).toMatch(/状态未知 1 个（发送途中机器人停止或网络中断.*u1（已发 1\/2 段）/);
    expect(text).toMatch(/只送达了前几段 1 个.*u2（已发 2\/3 段）/);
    const job = /\/resend (j\d+)/.exec(text)?.[1];
    const preview = await h.adapter.say(`/resend ${job}`);
    expect(preview[0]?.text).toContain('u1（从第 2/2 段起）');
    await h.adapter.say(preview[0]?.suggestions?.[0]?.action ?? '');
    await h.at('2026-11-28T03:01:00Z');
    expect(h.adapter.tries.filter((t) => t.chatId === 'u1').map((t) => t.fromPart)).toEqual([0, 1]);
    expect(h.adapter.tries.filter((t) => t.chatId === 'u2')).toHaveLength(1);
  });

  it('a chat that moves between two tries resumes under its new id at the first part not sent', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe', { chat: '-100', kind: 'group', sender: 'boss', groupAdmin: true });
    h.adapter.script.set('-100', [{ status: 'failed', reason: 'ETIMEDOUT', retryable: true, partsSent: 1, parts: 2 }]);
    await h.adapter.say(`确认 ${confirmCode(await h.adapter.say('/announce 长通知'))}`);
    await h.settle();
    await h.adapter.move('-100', '-100200');
    await h.at('2026-11-28T02:00:31Z');
    expect(h.adapter.tries.filter((t) => t.chatId.startsWith('-100')).map((t) => [t.chatId, t.fromPart])).toEqual([
      ['-100', 0],
      ['-100200', 1],
    ]);
  });

  it('one chat’s retryable failure does not hold up the other chats', async () => {
    const h = await launch({ at: NOW });
    const chats = Array.from({ length: 12 }, (_, i) => `u${i}`);
    for (const chat of chats) await h.adapter.say('/subscribe', { chat });
    h.adapter.script.set('u0', [
      { status: 'failed', reason: 'Telegram rate limit: sending to this chat is parked for 3600 s', retryable: true },
    ]);
    await h.adapter.say(`确认 ${confirmCode(await h.adapter.say('/announce 通知'))}`);
    await h.settle();
    expect(chats.slice(1).filter((chat) => h.adapter.to(chat).length === 1)).toHaveLength(11);
  });

  it('a retry resumes at the first part not sent', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    h.adapter.script.set('u1', [{ status: 'failed', reason: 'daily cap', retryable: true, partsSent: 1, parts: 2 }]);
    await h.adapter.say(`确认 ${confirmCode(await h.adapter.say('/announce 长通知'))}`);
    await h.settle();
    await h.at('2026-11-28T02:00:31Z');
    expect(h.adapter.tries.filter((t) => t.chatId === 'u1').map((t) => t.fromPart)).toEqual([0, 1]);
    expect((await rows(h.dataDir)).find((r) => r.chat === 'fake:u1')).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('who may do what', () => {
  it('refuses admin commands to members, politely, and changes nothing', async () => {
    const h = await launch({ at: NOW });
    for (const text of [
      '/announce 大家好',
      ADD,
      '/event cancel 1',
      '/event edit 1 标题: x',
      '添加活动 x',
      '/deliveries',
      '/subscriptions',
      '确认 1234',
    ]) {
      expect((await h.adapter.say(text, { chat: 'u1' }))[0]?.text).toBe(notAdmin);
    }
    expect((await h.adapter.say('/events', { chat: 'u1' }))[0]?.text).toContain('近期没有安排活动');
  });

  it('lets only group admins subscribe a group; anyone their private chat', async () => {
    const h = await launch({ at: NOW });
    expect((await h.adapter.say('/subscribe 培训', { chat: 'g1', kind: 'group', sender: 'm1' }))[0]?.text).toContain('只有群主');
    expect((await h.adapter.say('/mysubs', { chat: 'g1', kind: 'group', sender: 'm1' }))[0]?.text).toContain('还没有订阅');
    expect(
      (await h.adapter.say('/subscribe 培训 临安', { chat: 'g1', kind: 'group', sender: 'boss', groupAdmin: true }))[0]?.text,
    ).toContain('已订阅：培训 · 临安');
    expect((await h.adapter.say('/unsubscribe', { chat: 'g1', kind: 'group', sender: 'm1' }))[0]?.text).toContain('只有群主');
    expect((await h.adapter.say('/subscribe 展会', { chat: 'u1' }))[0]?.text).toContain('已订阅：展会');
  });

  it('reports every bad field of an event form at once', async () => {
    const h = await launch({ at: NOW });
    const [reply] = await h.adapter.say('/event add\n时间: 2026-02-30 09:00\n类型: 聚餐\n链接: www.example.com');
    expect(reply?.text).toContain('没有添加');
    expect(reply?.text).toContain('标题：必须填写');
    expect(reply?.text).toContain('时间：“2026-02-30 09:00”不是有效的日期');
    expect(reply?.text).toContain('类型：“聚餐”不是类型');
    expect(reply?.text).toContain('链接：“www.example.com”不是网址');
  });
});

describe('chats that change id', () => {
  it('moves the subscription with the chat', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe 培训', { chat: '-100', kind: 'group', sender: 'boss', groupAdmin: true });
    await h.adapter.move('-100', '-100200');
    expect((await h.adapter.say('/mysubs', { chat: '-100200', kind: 'group', sender: 'boss' }))[0]?.text).toContain('培训');
    await h.adapter.say(ADD);
    await h.settle();
    expect(h.adapter.to('-100200')).toHaveLength(1);
    expect(h.adapter.to('-100')).toEqual([]);
  });

  it('sends the cancellation notice to the new id of a chat told under its old one', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe 培训', { chat: '-100', kind: 'group', sender: 'boss', groupAdmin: true });
    await h.adapter.say(ADD);
    await h.settle();
    expect(h.adapter.to('-100')).toHaveLength(1);
    await h.adapter.move('-100', '-100200');
    await h.adapter.say('/event cancel 1');
    await h.settle();
    expect(h.adapter.to('-100200').at(-1)).toContain('活动取消：直播带货实操培训');
    expect(h.adapter.to('-100')).toHaveLength(1);
  });
});

describe('calendar feed', () => {
  it('serves /events.ics with stable UIDs and SEQUENCE = version, and /events links to it', async () => {
    vi.useRealTimers();
    const h = await launch({ at: NOW, httpPort: 0, publicUrl: 'https://bot.example.com/' });
    await h.adapter.say(ADD);
    expect((await h.adapter.say('/events'))[0]?.text).toContain('https://bot.example.com/events.ics');
    const feed = async () => (await fetch(`http://127.0.0.1:${h.bot.httpPort}/events.ics`)).text();
    const first = await feed();
    expect(first).toContain('BEGIN:VCALENDAR');
    expect(first).toContain('UID:event-1@county-ecommerce-bot');
    expect(first).toContain('SEQUENCE:1');
    expect(first).toContain('DTSTART:20261210T010000Z');
    // Typed without an end: the default two hours, not a zero-length point in the phone's calendar.
    expect(first).toContain('DTEND:20261210T030000Z');
    await h.adapter.say('/event edit 1 时间: 2026-12-10 09:00-17:30');
    const edited = await feed();
    expect(edited).toContain('SEQUENCE:2');
    expect(edited).toContain('DTEND:20261210T093000Z');
    await h.adapter.say('/event cancel 1');
    const cancelled = await feed();
    expect(cancelled).toContain('UID:event-1@county-ecommerce-bot');
    expect(cancelled).toContain('SEQUENCE:3');
    expect(cancelled).toContain('STATUS:CANCELLED');
    await h.settle();
  });

  it('keeps the data dir small: the ledger is a journal, and events a small document', async () => {
    const h = await launch({ at: NOW });
    await h.adapter.say('/subscribe', { chat: 'u1' });
    await h.adapter.say(ADD);
    await h.settle();
    const lines = (await readFile(path.join(h.dataDir, 'deliveries.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).status)).toEqual(['planned', 'sending', 'sent']);
  });
});

describe('hostile words in commands', () => {
  it('never takes __proto__ or constructor for a topic or a kind (subscription, event form), and the next start on the same data works', async () => {
    const h = await launch({ at: NOW });
    for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const [reply] = await h.adapter.say(`/subscribe ${word}`, { chat: 'u1' });
      // A word that is no topic is a region (a village may be called anything); never an object's property.
      expect(reply?.text).toContain(`全部主题 · ${word}`);
      const [form] = await h.adapter.say(`/event add 2026-12-10 09:00 | 标题 | 三楼 | ${word}`);
      expect(form?.text).toContain(`“${word}”不是类型`);
    }
    await h.adapter.say('/subscribe 培训', { chat: 'u1' });
    const dataDir = h.dataDir;
    await shutdown(h);
    const again = await launch({ at: NOW, dataDir });
    const [mine] = await again.adapter.say('/mysubs', { chat: 'u1' });
    expect(mine?.text).toContain('培训');
  });
});

describe('a full disk', () => {
  it('tells the admin an event was not saved, leaves it out of memory and disk, and numbers the next one #1', async () => {
    const { disk, fill, free } = fillableDisk();
    const h = await launch({ at: NOW, disk });
    await subscribeAll(h);
    fill();
    for (let i = 0; i < 2; i++) {
      const [reply] = await h.adapter.say(ADD);
      expect(reply?.text).toBe(TEXTS['zh-CN'].notSaved);
    }
    const [subscribe] = await h.adapter.say('/subscribe 展会', { chat: 'u3' });
    expect(subscribe?.text).toBe(TEXTS['zh-CN'].notSaved);
    const [events] = await h.adapter.say('/events');
    expect(events?.text).toContain('近期没有安排活动');
    expect((await h.adapter.say('/mysubs', { chat: 'u3' }))[0]?.text).toContain('还没有订阅');
    free();
    const [added] = await h.adapter.say(ADD);
    expect(added?.title).toBe('已添加活动 #1');
    await h.at(NOW);
    const dataDir = h.dataDir;
    await shutdown(h);
    const schedule = JSON.parse(await readFile(path.join(dataDir, 'schedule.json'), 'utf8')).data;
    expect(schedule.events.map((e: { id: string }) => e.id)).toEqual(['1']);
    expect(schedule.nextEvent).toBe(2);
    // Each subscriber heard of the event once.
    expect((await rows(dataDir)).filter((r) => r.chat === 'fake:u1')).toHaveLength(1);
  });
});

describe('a store that fails its writes (in memory here; a database whose disk filled up in production)', () => {
  it('tells the admin an event was not saved, leaves it out of the state and the store, and numbers the next one #1', async () => {
    const database = new MemoryDatabase();
    const h = await launch({ at: NOW, store: new MemoryStore(database) });
    await subscribeAll(h);
    database.fault = enospc();
    const [reply] = await h.adapter.say(ADD);
    expect(reply?.text).toBe(TEXTS['zh-CN'].notSaved);
    expect((await h.adapter.say('/events'))[0]?.text).toContain('近期没有安排活动');
    database.fault = undefined;
    const [added] = await h.adapter.say(ADD);
    expect(added?.title).toBe('已添加活动 #1');
    await shutdown(h);
    const schedule = JSON.parse(database.documents.get('schedule.json')!.json) as { events: { id: string }[]; nextEvent: number };
    expect(schedule.events.map((e) => e.id)).toEqual(['1']);
    expect(schedule.nextEvent).toBe(2);
  });
});

describe('re-sending unknown deliveries', () => {
  it('shows them per announcement, re-sends only them after a preview and a confirm, and never twice', async () => {
    const h = await launch({ at: NOW });
    await subscribeAll(h);
    await h.adapter.say(`确认 ${confirmCode(await h.adapter.say('/announce 周六停电'))}`);
    await h.settle();
    expect(h.adapter.to('u2')).toHaveLength(1);
    const dataDir = h.dataDir;
    await shutdown(h);
    // As a crash leaves it: u2's row marked sending, its outcome never written.
    await appendFile(
      path.join(dataDir, 'deliveries.jsonl'),
      JSON.stringify({ op: 'set', job: 'j1', chat: 'fake:u2', status: 'sending', attempts: 1, at: NOW }) + '\n',
    );

    const again = await launch({ at: '2026-11-28T02:10:00Z', dataDir });
    await again.at('2026-11-28T02:10:00Z');
    const deliveries = (await again.adapter.say('/deliveries'))[0]!.text;
    expect(deliveries).toContain('[j1]');
    expect(deliveries).toMatch(/状态未知 1 个.*fake:u2/);
    expect(deliveries).toContain('/resend j1');

    expect((await again.adapter.say('/resend j1', { chat: 'u1' }))[0]?.text).toBe(notAdmin);
    const preview = await again.adapter.say('/resend j1');
    expect(preview[0]?.text).toContain('将重发给 1 个状态未知的聊天');
    expect(preview[0]?.text).toContain('已确认送达的 2 个聊天不会再收到');
    const action = preview[0]?.suggestions?.[0]?.action ?? '';
    expect(action).toMatch(/^\/confirmresend \d{4}$/);
    // Nothing goes out before the confirm.
    await again.at('2026-11-28T02:15:00Z');
    expect(again.adapter.delivered.filter((d) => d.chatId !== ADMIN)).toEqual([]);

    expect((await again.adapter.say(action, { chat: 'admin2' }))[0]?.text).toMatch(/没有找到这个确认码|只有机器人管理员/);
    expect((await again.adapter.say(action))[0]?.text).toContain('开始重发给 1 个聊天');
    expect((await again.adapter.say(action))[0]?.text).toContain('没有找到这个确认码');
    await again.at('2026-11-28T02:16:00Z');
    expect(again.adapter.to('u2')).toEqual(['通知\n周六停电']);
    expect(again.adapter.to('u1')).toEqual([]);
    expect(again.adapter.to('g1')).toEqual([]);
    const report = again.adapter.to(ADMIN).find((t) => t.startsWith('重发报告'));
    expect(report).toContain('成功 3 · 失败 0 · 已移除 0 · 未知 0');
    expect((await again.adapter.say('/resend j1'))[0]?.text).toContain('没有状态未知的聊天');
    expect((await again.adapter.say('/deliveries'))[0]?.text).not.toContain('状态未知');
  });
});
