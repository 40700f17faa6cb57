import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PuppetMock } from 'wechaty-puppet-mock';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { waitFor, worldPerTest, type World } from './mock-world.js';

const start = worldPerTest('wechat-safety-');

/** Another platform beside WeChat, where the admins hear about WeChat's troubles. */
function otherPlatform() {
  const fake = new FakeAdapter();
  return { fake, others: { adapters: [fake], admins: ['fake:1001'] } };
}

async function healthz(w: World) {
  const response = await fetch(`http://127.0.0.1:${w.bot.httpPort}/healthz`);
  return { status: response.status, body: (await response.json()) as { ok: boolean; adapters: Record<string, Record<string, unknown>> } };
}

describe('WeChat login', () => {
  it('shows scan, login and logout on /healthz and tells the admins on the other platforms about a logout', async () => {
    const { fake, others } = otherPlatform();
    let terminal = '';
    const qrOutput = new Writable({ write: (chunk: Buffer, _enc, done) => done(void (terminal += chunk.toString())) });
    const w = await start({ viaBotOption: true, httpPort: 0, login: false, others, wechat: { qrOutput } });
    w.mocker.scan('https://login.weixin.qq.com/l/mock-qr', 2);
    await waitFor(() => w.lines.some((l) => l.url === 'https://login.weixin.qq.com/l/mock-qr'), 'the QR URL in the log', 10_000);
    await waitFor(() => terminal.includes('▄'), 'the QR code in the terminal', 10_000);
    let health = await healthz(w);
    expect(health.status).toBe(503);
    expect(health.body.adapters.wechat).toMatchObject({
      up: false,
      login: 'waiting-for-scan',
      scan: { status: 'waiting', url: 'https://login.weixin.qq.com/l/mock-qr' },
    });

    await w.login();
    health = await healthz(w);
    expect(health.status).toBe(200);
    expect(health.body.adapters.wechat).toMatchObject({ up: true, login: 'logged-in', account: { id: 'wxid_bot' }, queue: { pending: 0 } });

    await w.wechaty.logout();
    await waitFor(() => fake.delivered.length > 0, 'the logout alert', 10_000);
    expect(fake.delivered[0]).toMatchObject({ chatId: '1001', reply: { text: expect.stringContaining('已退出登录') } });
    health = await healthz(w);
    expect(health.body.adapters.wechat).toMatchObject({ up: false, login: 'logged-out' });
  });

  it('keeps the bot running when the puppet fails to start, and retries', async () => {
    let attempts = 0;
    class FlakyPuppet extends PuppetMock {
      override async onStart() {
        if (++attempts === 1) throw new Error('puppet service token rejected');
        return super.onStart();
      }
    }
    const w = await start({ login: false, wechat: { retryStartMs: 50 }, puppet: (mocker) => new FlakyPuppet({ mocker }) });
    expect(w.lines.some((l) => l.msg === 'wechat puppet failed to start; retrying later')).toBe(true);
    await waitFor(() => attempts >= 2, 'the retry', 10_000);
    await w.login();
    expect(w.adapter.health()).toMatchObject({ up: true, login: 'logged-in' });
  });
});

describe('WeChat account safety', () => {
  it('accepts a friend request only with the keyword in the greeting', async () => {
    const w = await start({ wechat: { friendKeyword: '开店' } });
    const accepted: string[] = [];
    const greetings: Record<string, string> = { 'fr-1': '你好，我想咨询开店的事', 'fr-2': '你好' };
    w.puppet.friendshipRawPayload = async (id: string) => ({
      id,
      contactId: w.newcomer.id,
      hello: greetings[id],
      type: 2,
      timestamp: Date.now(),
    });
    w.puppet.friendshipAccept = async (id: string) => void accepted.push(id);
    w.puppet.emit('friendship', { friendshipId: 'fr-1' });
    w.puppet.emit('friendship', { friendshipId: 'fr-2' });
    await waitFor(() => w.lines.filter((l) => String(l.msg).startsWith('wechat friend request')).length === 2, 'both requests', 10_000);
    expect(accepted).toEqual(['fr-1']);
  });

  it('leaves friend requests alone when no keyword is set (the default)', async () => {
    const w = await start();
    const accepted: string[] = [];
    w.puppet.friendshipRawPayload = async (id: string) => ({
      id,
      contactId: w.newcomer.id,
      hello: '你好，我想咨询开店的事',
      type: 2,
      timestamp: Date.now(),
    });
    w.puppet.friendshipAccept = async (id: string) => void accepted.push(id);
    w.puppet.emit('friendship', { friendshipId: 'fr-3' });
    await waitFor(() => w.lines.some((l) => l.msg === 'wechat friend request left for a person to accept'), 'the request', 10_000);
    expect(accepted).toEqual([]);
  });

  it('accepts room invitations from bot admins only', async () => {
    const w = await start();
    const accepted: string[] = [];
    const inviters: Record<string, string> = { 'inv-admin': w.admin.id, 'inv-other': w.impostor.id };
    w.puppet.roomInvitationRawPayload = async (id: string) => ({
      id,
      inviterId: inviters[id],
      topic: '某某群',
      memberCount: 3,
      memberIdList: [],
      timestamp: Date.now(),
      receiverId: w.self.id,
    });
    w.puppet.roomInvitationAccept = async (id: string) => void accepted.push(id);
    w.puppet.emit('room-invite', { roomInvitationId: 'inv-other' });
    w.puppet.emit('room-invite', { roomInvitationId: 'inv-admin' });
    await waitFor(() => w.lines.some((l) => l.msg === 'wechat room invitation accepted'), 'the admin invitation', 10_000);
    await waitFor(
      () => w.lines.some((l) => l.msg === 'wechat room invitation ignored: the inviter is not a bot admin'),
      'the other invitation',
      10_000,
    );
    expect(accepted).toEqual(['inv-admin']);
  });

  it('holds the minimum gap between messages to several rooms (announcements take time)', async () => {
    const w = await start({ wechat: { pacing: { minGapMs: 150, maxGapMs: 200 } } });
    const sends = [w.room.id, w.room2.id, w.room.id].map((id) => w.adapter.send(id, { text: '【通知】周五直播培训' }));
    await waitFor(() => Number((w.adapter.health().queue as { pending: number }).pending) >= 1, 'sends waiting in the queue', 10_000);
    expect((await Promise.all(sends)).map((o) => o.status)).toEqual(['sent', 'sent', 'sent']);
    await waitFor(() => w.said.length === 3, 'three announcements', 10_000);
    const times = w.said.map((s) => s.at);
    // A busy machine only makes gaps longer, so a lower bound cannot flake.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(140);
  });

  it('pushes to a person the bot has never talked with, without warnings about rooms', async () => {
    const w = await start();
    const warned = () => w.lines.filter((l) => Number(l.level) >= 40).map((l) => String(l.msg));
    const before = warned();
    expect(await w.adapter.send(w.admin.id, { text: '送达报告：3 个群已发送' })).toMatchObject({ status: 'sent' });
    await waitFor(() => w.said.some((s) => s.to === w.admin.id), 'the private message', 10_000);
    expect(warned()).toEqual(before);
  });

  it('pauses sending and alerts the admins when WeChat says the account sends too often', async () => {
    const { fake, others } = otherPlatform();
    const w = await start({ others });
    // The notice arrives as a message of the account itself, of a type wechaty does not know.
    const notice = w.mocker.MessageMock.create({
      id: 'notice-1',
      talkerId: w.self.id,
      roomId: w.room.id,
      text: '操作过于频繁，可稍后再试。',
      timestamp: Date.now(),
      type: 0,
    });
    w.puppet.emit('message', { messageId: notice.id });
    await waitFor(() => fake.delivered.some((d) => d.reply.text.includes('发送过于频繁')), 'the throttle alert', 10_000);
    expect(w.adapter.health().queue).toMatchObject({ pausedUntil: expect.any(String) });
    expect(await w.adapter.send(w.room.id, { text: '通知' })).toMatchObject({ status: 'failed', retryable: true });
    w.alice.say('问 开网店要执照吗').to(w.room);
    await waitFor(() => w.lines.some((l) => l.msg === 'wechat message not sent'), 'the refused reply', 10_000);
    expect(w.said.map((s) => s.text)).toEqual(['操作过于频繁，可稍后再试。']);
  });
});
