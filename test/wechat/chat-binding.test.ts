import { describe, expect, it } from 'vitest';
import { ChatDirectory } from '../../src/core/chat-directory.js';
import { FileStore } from '../../src/storage/file/file-store.js';
import { tempDir } from '../helpers/cli.js';
import { ROOM_TOPIC, mockWorld, waitFor } from './mock-world.js';

async function directory(dataDir: string) {
  const store = await FileStore.open(dataDir);
  try {
    return (await ChatDirectory.open(store)).list();
  } finally {
    await store.close();
  }
}

describe('stored WeChat rooms after a re-login that changed room ids', () => {
  it('re-binds a stored room by its topic, on a push and on the first message from the new id', async () => {
    const dataDir = await tempDir('wechat-rebind-');
    // First login: both rooms are seen, and the owner of the second turns on its welcome.
    const first = await mockWorld({ dataDir, roomIdSuffix: 'before' });
    first.alice.say('问 开网店要执照吗').to(first.room);
    first.bob.say('欢迎语 开').to(first.room2);
    await waitFor(() => first.said.length === 2, 'both rooms to be answered', 10_000);
    await first.bot.stop();
    expect((await directory(dataDir)).map((c) => c.id).sort()).toEqual(['room1-before@chatroom', 'room2-before@chatroom']);

    // Re-login: the puppet knows the same rooms under new ids.
    const second = await mockWorld({ dataDir, roomIdSuffix: 'after' });
    try {
      const outcome = await second.adapter.send('room1-before@chatroom', { text: '【通知】周五下午县电商中心有直播培训。' });
      expect(outcome.status).toBe('sent');
      expect(second.said).toEqual([
        expect.objectContaining({ to: 'room1-after@chatroom', text: '【通知】周五下午县电商中心有直播培训。' }),
      ]);
      expect(
        second.lines.some(
          (l) => l.msg?.toString().startsWith('wechat room id changed') && l.oldRoom === 'room1-before@chatroom' && l.topic === ROOM_TOPIC,
        ),
      ).toBe(true);

      // The second room is re-bound by its first message; its welcome came along.
      second.alice.say('今天发货了').to(second.room2);
      await waitFor(
        () => second.lines.filter((l) => l.msg?.toString().startsWith('wechat room id changed')).length === 2,
        'the second re-bind',
        10_000,
      );
      second.room2.add(second.newcomer).by(second.bob);
      await waitFor(() => second.said.some((s) => s.to === 'room2-after@chatroom'), 'the welcome', 10_000);
      expect(second.said.find((s) => s.to === 'room2-after@chatroom')?.text).toContain('欢迎 新来的 入群');
    } finally {
      await second.bot.stop();
    }
    const chats = await directory(dataDir);
    expect(chats.map((c) => [c.id, c.title]).sort()).toEqual([
      ['room1-after@chatroom', ROOM_TOPIC],
      ['room2-after@chatroom', '橘子产销群'],
    ]);
  });

  it('does not guess when two live rooms share the stored topic', async () => {
    const dataDir = await tempDir('wechat-rebind-');
    const first = await mockWorld({ dataDir, roomIdSuffix: 'before' });
    first.alice.say('问 开网店要执照吗').to(first.room);
    await waitFor(() => first.said.length === 1);
    await first.bot.stop();
    const second = await mockWorld({ dataDir, roomIdSuffix: 'after' });
    try {
      second.mocker.createRoom({
        id: 'twin@chatroom',
        topic: ROOM_TOPIC,
        memberIdList: [second.self.id],
        ownerId: second.alice.id,
        adminIdList: [],
      });
      const outcome = await second.adapter.send('room1-before@chatroom', { text: '通知' });
      expect(outcome).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('several rooms') });
      expect(second.said).toEqual([]);
    } finally {
      await second.bot.stop();
    }
  });
});

describe('stored WeChat contacts after a re-login that changed contact ids (web protocol)', () => {
  it('re-binds a subscriber and an admin by the remark the bot account gave them; the admin stays admin', async () => {
    const dataDir = await tempDir('wechat-rebind-contacts-');
    const first = await mockWorld({ dataDir, contactIdSuffix: '-before', adminIds: ['wxid_admin-before'] });
    first.alice.say('/subscribe').to(first.alice);
    first.admin.say('/whoami').to(first.admin);
    await waitFor(() => first.said.length === 2, 'both answers', 10_000);
    await first.bot.stop();

    const second = await mockWorld({ dataDir, contactIdSuffix: '-after', adminIds: ['wxid_admin-before'] });
    try {
      // A push to the stored subscriber reaches her under her new id.
      expect(await second.adapter.send('wxid_alice-before', { text: '【通知】周五直播培训' })).toMatchObject({ status: 'sent' });
      expect(second.said).toEqual([expect.objectContaining({ to: 'wxid_alice-after', text: '【通知】周五直播培训' })]);
      expect(
        second.lines.some(
          (l) =>
            l.msg === 'wechat contact id changed (re-login): re-bound the stored contact by its remark' &&
            l.oldContact === 'wxid_alice-before',
        ),
      ).toBe(true);
      // The admin's first message re-binds them, and BOT_ADMINS' old id counts for the new one.
      second.admin.say('/whoami').to(second.admin);
      await waitFor(() => second.said.some((s) => s.to === 'wxid_admin-after'), 'the admin answer', 10_000);
      expect(second.said.find((s) => s.to === 'wxid_admin-after')?.text).toContain('机器人管理员');
    } finally {
      await second.bot.stop();
    }
    const chats = await directory(dataDir);
    expect(
      chats
        .filter((c) => c.kind === 'private')
        .map((c) => [c.id, c.alias])
        .sort(),
    ).toEqual([
      ['wxid_admin-after', '小李（县服务中心）'],
      ['wxid_alice-after', '橘子姐-临安'],
    ]);
  });
});
