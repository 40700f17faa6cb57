import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor, worldPerTest, type World } from './mock-world.js';

// Delivery correctness on WeChat (wechaty + puppet-mock): a puppet hiccup is not "gone", nothing is pushed
// before the puppet is ready, a chat's messages are handled in order, a long push resumes where it stopped.
const world = worldPerTest('wechat-delivery-');

async function start(options: Parameters<typeof world>[0] = {}) {
  const w = await world(options);
  return { w, chats: () => chatsOf(w) };
}

async function chatsOf(w: World) {
  const file = JSON.parse(await readFile(path.join(w.dataDir, 'chats.json'), 'utf8')) as {
    data: { chats: Record<string, { active: boolean }> };
  };
  return file.data.chats;
}

const timeout = () => Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT' });

/** Makes the puppet's `method` throw `error` on its next call only. */
function failOnce(puppet: object, method: string, error: Error): void {
  const target = puppet as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]!.bind(puppet);
  let failed = false;
  target[method] = async (...args) => {
    if (failed) return original(...args);
    failed = true;
    throw error;
  };
}

describe('WeChat delivery', () => {
  it('a puppet that throws once: the push fails retryable, the room stays active, the next try is sent', async () => {
    const { w, chats } = await start();
    w.alice.say('问 开网店要执照吗').to(w.room);
    await waitFor(() => w.said.length === 1, 'the answer', 10_000);
    expect((await chats())[`wechat:${w.room.id}`]?.active).toBe(true);
    failOnce(w.puppet, 'roomPayload', timeout());
    expect(await w.adapter.send(w.room.id, { text: '周五直播培训' })).toMatchObject({
      status: 'failed',
      retryable: true,
      reason: expect.stringContaining('ETIMEDOUT'),
    });
    expect((await chats())[`wechat:${w.room.id}`]?.active).toBe(true);
    expect(await w.adapter.send(w.room.id, { text: '周五直播培训' })).toMatchObject({ status: 'sent' });
  });

  it('a contact lookup that throws once is not "gone" either', async () => {
    const { w, chats } = await start();
    w.alice.say('开网店要执照吗').to(w.alice);
    await waitFor(() => w.said.length === 1, 'the answer', 10_000);
    failOnce(w.puppet, 'contactPayload', timeout());
    expect(await w.adapter.send(w.alice.id, { text: '提醒' })).toMatchObject({ status: 'failed', retryable: true });
    expect((await chats())[`wechat:${w.alice.id}`]?.active).toBe(true);
  });

  it('gone only when the puppet lists its rooms without the room', async () => {
    const { w } = await start();
    w.alice.say('问 开网店要执照吗').to(w.room);
    await waitFor(() => w.said.length === 1, 'the answer', 10_000);
    // The puppet answers "not found" and its room list (which it could read) lacks the room.
    const puppet = w.puppet as unknown as { roomList(): Promise<string[]>; roomPayload(id: string): Promise<unknown> };
    const list = puppet.roomList.bind(puppet);
    puppet.roomList = async () => (await list()).filter((id) => id !== w.room.id);
    puppet.roomPayload = async () => {
      throw new Error('room not found');
    };
    expect(await w.adapter.send(w.room.id, { text: '通知' })).toMatchObject({ status: 'gone' });
  });

  it('pushes nothing between the login and the puppet’s ready', async () => {
    const { w } = await start({ ready: false });
    expect(await w.adapter.send(w.admin.id, { text: '送达报告' })).toMatchObject({
      status: 'failed',
      retryable: true,
      reason: expect.stringContaining('loading'),
    });
    expect(w.said).toEqual([]);
    await w.ready();
    expect(await w.adapter.send(w.admin.id, { text: '送达报告' })).toMatchObject({ status: 'sent' });
  });

  it('handles a chat’s messages in order even when the first takes longer', async () => {
    const { w } = await start();
    // The first message's room lookup is slow (a busy puppet); the "2" right after must still be read
    // against the choices the first answer offers.
    const puppet = w.puppet as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const member = puppet.roomMemberPayload!.bind(w.puppet);
    let calls = 0;
    puppet.roomMemberPayload = async (...args) => {
      if (++calls === 1) await new Promise((resolve) => setTimeout(resolve, 400));
      return member(...args);
    };
    w.alice.say('问 开网店要执照吗').to(w.room);
    w.alice.say('2').to(w.room);
    await waitFor(() => w.said.length === 2, 'two answers', 10_000);
    expect(w.said[0]!.text).toMatch(/^@橘子姐 原则上要办市场主体登记/);
    expect(w.said[1]!.text).toMatch(/^@橘子姐 个人卖自产农副产品可以不办照/);
  });

  it('a long push stopped by the daily cap between parts says how far it got, and a resume sends only the rest', async () => {
    const { w } = await start({ wechat: { pacing: { dailyCap: 1 } } });
    const long = { text: ['甲', '乙'].map((n) => `${n}段：` + '内容。'.repeat(500)).join('\n\n') };
    expect(await w.adapter.send(w.admin.id, long)).toMatchObject({ status: 'failed', retryable: true, partsSent: 1, parts: 2 });
    expect(w.said.map((s) => s.text.slice(0, 2))).toEqual(['甲段']);
    // The next day (a fresh start, a fresh count) the scheduler resumes at part 2.
    const next = await world();
    expect(await next.adapter.send(next.admin.id, long, { fromPart: 1 })).toMatchObject({ status: 'sent', partsSent: 2, parts: 2 });
    expect(next.said.map((s) => s.text.slice(0, 2))).toEqual(['乙段']);
  });
});
