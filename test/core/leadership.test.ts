import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { MemoryDatabase, MemoryStore } from '../../src/storage/memory/memory-store.js';
import { tempDir } from '../helpers/cli.js';
import { silentLog } from '../helpers/runtime.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';

interface Health {
  leader: { self: string; leading: boolean; leader?: string };
}

async function botProcess(database: MemoryDatabase) {
  const adapter = new FakeAdapter();
  const bot = createBot({
    dataDir: await tempDir('lead-'),
    store: new MemoryStore(database, true),
    knowledgeDir: await tempDir('kb-empty-'),
    admins: 'fake:admin',
    adapters: [adapter],
    logger: silentLog,
    watchKnowledge: false,
    httpPort: 0,
    // Short, so the standby's attempts (a third of it apart) come often.
    leaseTtlMs: 1_500,
  });
  await bot.start();
  const health = async () => (await (await fetch(`http://127.0.0.1:${bot.httpPort}/healthz`)).json()) as Health;
  return { bot, adapter, health };
}

describe('several bot processes on one shared store', () => {
  it('lets one lead; the other answers scheduler commands with a clear standby text and takes over when the leader stops', async () => {
    const database = new MemoryDatabase();
    const first = await botProcess(database);
    const second = await botProcess(database);
    const [a, b] = [await first.health(), await second.health()];
    expect(a.leader.leading).toBe(true);
    expect(b.leader).toMatchObject({ leading: false, leader: a.leader.self });

    expect((await first.adapter.say('/subscribe', { chat: 'c1' }))[0]?.text).not.toMatch(/主进程/);
    const refused = await second.adapter.say('/subscribe', { chat: 'c2' });
    expect(refused[0]?.text).toMatch(/主进程/);
    // Commands of other features are served by every process.
    expect((await second.adapter.say('/help', { chat: 'c2' }))[0]?.text).toMatch(/\/ask/);

    // A clean stop gives the lease up; the standby takes it at its next attempt.
    await first.bot.stop();
    const deadline = Date.now() + 25_000;
    while (!(await second.health()).leader.leading) {
      if (Date.now() > deadline) throw new Error('the standby did not take over');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await second.adapter.say('/subscribe', { chat: 'c2' }))[0]?.text).not.toMatch(/主进程/);
    await second.bot.stop();
  });

  it('stands down when another process holds the lease (this one was paused past its expiry)', async () => {
    const database = new MemoryDatabase();
    const only = await botProcess(database);
    expect((await only.health()).leader.leading).toBe(true);
    // What a pause past the expiry looks like from here: the lease ran out and another process took it.
    const lease = database.coordination.lease('leader');
    await lease.release((await only.health()).leader.self);
    expect(await lease.acquire('elsewhere', 60_000)).toBe(true);
    const deadline = Date.now() + 25_000;
    while ((await only.health()).leader.leading) {
      if (Date.now() > deadline) throw new Error('the deposed leader did not stand down');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await only.health()).leader.leader).toBe('elsewhere');
    expect((await only.adapter.say('/subscribe', { chat: 'c3' }))[0]?.text).toMatch(/主进程/);
    await only.bot.stop();
  });
});
