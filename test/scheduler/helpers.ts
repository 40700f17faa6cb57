import { vi } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { createBot, type Bot, type BotOptions } from '../../src/bot.js';
import type { SchedulerFeature } from '../../src/scheduler/feature.js';
import { silentLog } from '../helpers/runtime.js';
import { tempDir } from '../helpers/cli.js';

export const ADMIN = 'admin';

/** A bot on a temporary data dir with the fake adapter, an injected clock and fake timers for the loop. */
export async function startBot(options: Partial<BotOptions> & { at: string; dataDir?: string; adapter?: FakeAdapter }) {
  const clock = { now: new Date(options.at) };
  const adapter = options.adapter ?? new FakeAdapter();
  const dataDir = options.dataDir ?? (await tempDir('sched-'));
  const bot: Bot = createBot({
    knowledgeDir: await tempDir('kb-empty-'),
    admins: `${adapter.platform}:${ADMIN}`,
    logger: silentLog,
    watchKnowledge: false,
    ...options,
    dataDir,
    adapters: [adapter],
    now: () => clock.now,
  });
  await bot.start();
  const scheduler = bot.runtime.features.find((f) => f.name === 'scheduler') as SchedulerFeature;
  return {
    bot,
    adapter,
    dataDir,
    clock,
    scheduler,
    /** Sets the clock and lets the loop's timer fire once (fake timers), then waits for its sends. */
    async at(iso: string) {
      clock.now = new Date(iso);
      await vi.advanceTimersByTimeAsync(5_000);
      await scheduler.idle();
    },
    async settle() {
      await scheduler.idle();
    },
  };
}

export function useLoopTimers() {
  // Only timers: file I/O and promises stay real, the clock is the injected one.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
}

/** The confirmation code in an /announce preview. */
export function confirmCode(replies: Reply[]): string {
  const action = replies.flatMap((r) => r.suggestions ?? []).find((s) => s.label === '确认发送')?.action;
  const code = /(\d{4})$/.exec(action ?? '')?.[1];
  if (!code) throw new Error(`no confirm button in ${JSON.stringify(replies)}`);
  return code;
}
