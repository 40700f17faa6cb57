import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import {
  deliveredIds,
  expectEachChatAtMostOnce,
  LEASE_TTL_MS,
  ledgerRows,
  runCrashBot,
  waitForDeliveries,
  type CrashBot,
} from '../helpers/crash-bot.js';
import { freshDatabases } from '../helpers/stores.js';

const CHATS = 200;
const databases = freshDatabases();
afterAll(() => databases.dispose());

async function waitForLine(bot: CrashBot, pattern: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = bot.stdout().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} from the bot; stdout: ${bot.stdout()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Health {
  leader: { self: string; leading: boolean; leader?: string };
}
const health = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;

describe('two bot processes on one PostgreSQL database', () => {
  it('when the leader is killed mid-announcement the standby takes over: no chat gets two copies, the unknown ones are reported', async () => {
    const store = await databases.fresh('failover');
    const knowledgeDir = await tempDir('failover-kb-');
    const file = path.join(await tempDir('failover-out-'), 'delivered.txt');
    // Slow sends, so the fan-out to 200 chats outlasts the standby's start.
    const leader = runCrashBot([await tempDir('failover-a-'), knowledgeDir, file, 'first'], { store, sendMs: 300 });
    await waitForLine(leader, /^started$/m);
    const standby = runCrashBot([await tempDir('failover-b-'), knowledgeDir, file, 'standby'], { store, sendMs: 300 });
    const port = Number((await waitForLine(standby, /^port (\d+)$/m))[1]);
    const before = await health(port);
    expect(before.leader.leading).toBe(false);
    expect(before.leader.leader).toBeDefined();
    expect(before.leader.leader).not.toBe(before.leader.self);

    await waitForDeliveries(file, CHATS / 4, leader);
    leader.child.kill('SIGKILL');
    const killedAt = Date.now();
    await leader.exited;
    const beforeTakeover = await deliveredIds(file);
    expect(beforeTakeover.length).toBeLessThan(CHATS);

    while (!(await health(port)).leader.leading) await new Promise((r) => setTimeout(r, 50));
    const takeoverMs = Date.now() - killedAt;
    expect(await standby.exited).toBe(0);

    const outcome = expectEachChatAtMostOnce({
      rows: await ledgerRows(store),
      delivered: await deliveredIds(file),
      beforeRestart: beforeTakeover,
      adminOutput: standby.stdout(),
      chats: CHATS,
    });
    // The bound: another process leads within 30 s of the kill (the lease runs LEASE_TTL_MS here).
    expect(takeoverMs).toBeLessThan(30_000);
    console.info(
      `fail-over: lease ${LEASE_TTL_MS} ms, took over after ${takeoverMs} ms; ${beforeTakeover.length} delivered before the kill; ` +
        `sent ${outcome.sent}, unknown ${outcome.unknown}, most copies to one chat ${outcome.maxCopies}`,
    );
  }, 90_000);
});
