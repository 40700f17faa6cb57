import { vi } from 'vitest';
import type { Adapter, AdapterHost, SendOptions, SendOutcome } from '../../src/core/adapter.js';
import type { ChatKind, Reply } from '../../src/core/message.js';
import { createBot, type Bot, type BotOptions } from '../../src/bot.js';
import type { SchedulerFeature } from '../../src/scheduler/feature.js';
import { silentLog } from '../helpers/runtime.js';
import { tempDir } from '../helpers/cli.js';

export interface Delivery {
  chatId: string;
  reply: Reply;
}

/**
 * A Telegram-like adapter that records what the bot pushes and lets a test script outcomes per chat
 * (`gone` for a chat that blocked the bot, a retryable failure…). Sends resolve at once.
 */
export class FakeAdapter implements Adapter {
  readonly platform = 'telegram' as const;
  readonly delivered: Delivery[] = [];
  /** Outcomes to return for a chat, one per attempt, before it starts succeeding. */
  readonly script = new Map<string, SendOutcome[]>();
  attempts = 0;
  /** Every send, with the part it was asked to start from. */
  readonly tries: { chatId: string; fromPart?: number }[] = [];
  host?: AdapterHost;
  private seq = 0;

  async start(host: AdapterHost): Promise<void> {
    this.host = host;
  }

  async stop(): Promise<void> {}

  async send(chatId: string, reply: Reply, options: SendOptions = {}): Promise<SendOutcome> {
    this.attempts++;
    this.tries.push({ chatId, fromPart: options.fromPart });
    const planned = this.script.get(chatId)?.shift();
    if (planned) return planned;
    this.delivered.push({ chatId, reply });
    return { status: 'sent', messageId: String(this.delivered.length) };
  }

  health() {
    return { up: true };
  }

  /** Someone types `text` in a chat; returns the bot's replies. */
  async say(text: string, from: { chat?: string; kind?: ChatKind; title?: string; sender?: string; groupAdmin?: boolean } = {}): Promise<Reply[]> {
    const sender = from.sender ?? from.chat ?? 'admin';
    const kind = from.kind ?? 'private';
    const chat = from.chat ?? sender;
    return this.host!.handle(
      {
        id: String(++this.seq),
        chat: { platform: 'telegram', id: chat, kind, title: from.title ?? (kind === 'group' ? `群${chat}` : undefined) },
        sender: { id: sender, name: `用户${sender}` },
        text,
        at: new Date(),
      },
      { isGroupAdmin: async () => from.groupAdmin ?? false },
    );
  }

  /** Texts (title + body) delivered to one chat. */
  to(chatId: string): string[] {
    return this.delivered.filter((d) => d.chatId === chatId).map((d) => `${d.reply.title ?? ''}\n${d.reply.text}`);
  }
}

export const ADMIN = 'admin';

/** A bot on a temporary data dir with the fake adapter, an injected clock and fake timers for the loop. */
export async function startBot(options: Partial<BotOptions> & { at: string; dataDir?: string; adapter?: FakeAdapter }) {
  const clock = { now: new Date(options.at) };
  const adapter = options.adapter ?? new FakeAdapter();
  const dataDir = options.dataDir ?? (await tempDir('sched-'));
  const bot: Bot = createBot({
    knowledgeDir: await tempDir('kb-empty-'),
    admins: `telegram:${ADMIN}`,
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
