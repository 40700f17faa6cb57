import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import type { SchedulerFeature } from '../../src/scheduler/feature.js';
import { tempDir } from '../helpers/cli.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { confirmCode } from '../scheduler/helpers.js';
import { silentLog } from '../helpers/runtime.js';

// An embedding app's own platform, as the README's "Embedding" section describes: one adapter passed to createBot,
// no core file touched. The core has never heard of `fake`.
const KNOWLEDGE = 'test/fixtures/knowledge';

let bots: Bot[] = [];
afterEach(async () => {
  for (const bot of bots) await bot.stop();
  bots = [];
});

async function launch(dataDir: string, adapter = new FakeAdapter(), locale?: 'en') {
  const bot = createBot({
    dataDir,
    knowledgeDir: KNOWLEDGE,
    admins: 'fake:admin',
    adapters: [adapter],
    logger: silentLog,
    watchKnowledge: false,
    locale,
  });
  await bot.start();
  bots.push(bot);
  const scheduler = bot.runtime.features.find((f) => f.name === 'scheduler') as SchedulerFeature;
  return { bot, adapter, settle: () => scheduler.idle() };
}

async function chatsFile(dataDir: string) {
  return (
    JSON.parse(await readFile(path.join(dataDir, 'chats.json'), 'utf8')) as {
      data: { chats: Record<string, { active: boolean; inactiveReason?: string }> };
    }
  ).data.chats;
}

describe('a platform the core does not know', () => {
  it('round-trips messages, subscriptions, pushes and chat changes, and starts again on the same data folder', async () => {
    const dataDir = await tempDir('fake-platform-');
    const first = await launch(dataDir);
    const fake = first.adapter;

    expect((await fake.say('/whoami', { chat: 'u1' }))[0]?.text).toContain('fake:u1');
    expect((await fake.say('/whoami'))[0]?.text).toContain('机器人管理员');
    expect((await fake.say('卖自家橘子要办营业执照吗', { chat: 'u1' }))[0]?.text).toBeTruthy();
    expect((await fake.say('/subscribe 培训', { chat: 'u1' }))[0]?.text).toContain('已订阅');
    expect((await fake.say('/subscribe 培训', { chat: 'g1', kind: 'group', sender: 'boss', groupAdmin: true }))[0]?.text).toContain(
      '已订阅',
    );
    fake.script.set('g1', [{ status: 'gone', reason: 'removed from the fake group' }]);

    const preview = await fake.say('/announce #培训 周六培训照常进行');
    await fake.say(`/confirm ${confirmCode(preview)}`);
    await first.settle();
    expect(fake.to('u1')).toEqual([expect.stringContaining('周六培训照常进行')]);
    expect(fake.to('admin').some((t) => t.includes('发送报告'))).toBe(true);
    expect(await chatsFile(dataDir)).toMatchObject({
      'fake:u1': { active: true },
      'fake:g1': { active: false, inactiveReason: 'removed from the fake group' },
    });

    await fake.move('u1', 'u1-new');
    await first.bot.stop();
    bots = [];

    // The stored `fake:` chats, subscriptions and ledger are valid data for the next start.
    const second = await launch(dataDir, new FakeAdapter());
    expect((await second.adapter.say('/mysubs', { chat: 'u1-new' }))[0]?.text).toContain('培训');
    expect((await second.adapter.say('/subscriptions'))[0]?.text).toContain('fake:u1-new');
  });

  it('tells the admins what an adapter reports, in the core words of the bot language', async () => {
    const zh = await launch(await tempDir('fake-alert-'));
    zh.adapter.running.alert('loggedOut', { account: '县电商小助手', reason: 'kicked' });
    await expect.poll(() => zh.adapter.to('admin')).toEqual([expect.stringContaining('测试平台账号「县电商小助手」已退出登录（kicked）')]);

    const en = await launch(await tempDir('fake-alert-en-'), new FakeAdapter(), 'en');
    en.adapter.running.alert('dailyCapReached', { cap: 500, setting: 'FAKE_DAILY_CAP' });
    await expect.poll(() => en.adapter.to('admin')).toEqual([expect.stringContaining('The Fake account sent 500 messages today')]);
  });

  it('drops a message an adapter hands over for another platform, and records nothing', async () => {
    const dataDir = await tempDir('fake-claim-');
    const { adapter } = await launch(dataDir);
    const replies = await adapter.running.handle({
      id: 'x',
      chat: { platform: 'telegram', id: '1', kind: 'private' },
      sender: { id: '1', name: 'x' },
      text: '/help',
      at: new Date(),
    });
    expect(replies).toEqual([]);
    expect(Object.keys(await chatsFile(dataDir).catch(() => ({})))).not.toContain('telegram:1');
  });

  it('refuses an adapter whose platform is no id, and two adapters for one platform', () => {
    const options = { dataDir: 'unused', knowledgeDir: KNOWLEDGE, logger: silentLog };
    expect(() => createBot({ ...options, adapters: [new FakeAdapter({ platform: 'We Com' })] })).toThrow(
      /adapters: "We Com": a platform is/,
    );
    expect(() => createBot({ ...options, adapters: [new FakeAdapter(), new FakeAdapter()] })).toThrow(
      'two adapters for the platform "fake"',
    );
    // `constructor` is a valid id: nothing indexes a plain object by platform.
    expect(() =>
      createBot({ ...options, admins: 'constructor:1', adapters: [new FakeAdapter({ platform: 'constructor' })] }),
    ).not.toThrow();
  });
});
