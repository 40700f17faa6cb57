import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { deliveredIds, expectEachChatAtMostOnce, ledgerRows, runCrashBot, waitForDeliveries } from '../helpers/crash-bot.js';
import { freshDatabases } from '../helpers/stores.js';

const CHATS = 200;
const databases = freshDatabases();
afterAll(() => databases.dispose());

describe.each([
  { name: 'a data folder', database: false },
  { name: 'PostgreSQL', database: true },
])('crash in the middle of a fan-out, on $name', ({ database }) => {
  it('after SIGKILL and a restart every chat got the message at most once and is accounted for', async () => {
    const dataDir = await tempDir('crash-data-');
    const knowledgeDir = await tempDir('crash-kb-');
    const file = path.join(await tempDir('crash-out-'), 'delivered.txt');
    const store = database ? await databases.fresh('crash') : undefined;

    const first = runCrashBot([dataDir, knowledgeDir, file, 'first'], { store });
    // Kill it once a quarter of the chats have their message: the fan-out is well under way.
    await waitForDeliveries(file, CHATS / 4, first);
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeRestart = await deliveredIds(file);
    expect(beforeRestart.length).toBeLessThan(CHATS);

    const second = runCrashBot([dataDir, knowledgeDir, file, 'resume'], { store });
    expect(await second.exited).toBe(0);

    const report = expectEachChatAtMostOnce({
      rows: await ledgerRows(store ?? dataDir),
      delivered: await deliveredIds(file),
      beforeRestart,
      adminOutput: second.stdout(),
      chats: CHATS,
    });
    expect(report.sent + report.unknown).toBe(CHATS);
  }, 60_000);
});
