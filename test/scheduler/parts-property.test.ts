import fc from 'fast-check';
import path from 'node:path';
import { TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendQueue } from '../../src/adapters/telegram/send-queue.js';
import type { SendOptions, SendOutcome } from '../../src/core/adapter.js';
import type { Reply } from '../../src/core/message.js';
import { foldParts } from '../../src/core/parts.js';
import { foldLedger } from '../../src/scheduler/ledger.js';
import { LedgerLineSchema } from '../../src/scheduler/schemas.js';
import { Journal } from '../../src/storage/journal.js';
import { silentLog } from '../helpers/runtime.js';
import { VirtualClock } from '../telegram/virtual-clock.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { confirmCode, startBot, useLoopTimers } from './helpers.js';

// The whole send pipeline under any sequence of platform answers: the scheduler loop and its ledger, the
// outbox, Telegram's real send queue (on a virtual clock) and the parts fold the adapters use. For each
// delivery no part arrives twice, and the ledger accounts for every part: sent, failed or unknown.

/** What the platform does with one sendMessage call. */
const ANSWERS = ['ok', 'accept-then-reset', 'reset', '502', 'refused', '429', '403', '400'] as const;
type Answer = (typeof ANSWERS)[number];

const CHATS = ['u1', 'u2', 'u3'];
const PARTS = ['甲段', '乙段', '丙段'];

/** Sends through a real SendQueue whose Bot API answers from a script per chat; a part counts as arrived when the platform took it. */
class ScriptedPlatform extends FakeAdapter {
  readonly arrived: { chat: string; part: number }[] = [];
  private readonly clock = new VirtualClock(true);
  private readonly queue: SendQueue;

  constructor(private readonly answers: Record<string, Answer[]>) {
    super();
    this.queue = new SendQueue({
      clock: this.clock,
      log: silentLog,
      maxRetryAfterMs: 300_000,
      // Two refused connections in a row hand the part back to the scheduler, which retries it later.
      maxAttempts: 2,
      onGone: () => undefined,
      onMigrate: () => undefined,
      onParked: () => undefined,
      deliver: async (message) => this.answer(message.chatId, Number(message.html)),
    });
  }

  override async send(chatId: string, reply: Reply, options: SendOptions = {}): Promise<SendOutcome> {
    if (!CHATS.includes(chatId)) return super.send(chatId, reply);
    const parts = reply.text.split('\n\n');
    const from = options.fromPart ?? 0;
    const messages = parts.map((_, i) => ({ chatId, html: String(i), plain: String(i) })).slice(from);
    return foldParts(await Promise.all(this.queue.enqueueParts(messages)), from, parts.length);
  }

  private async answer(chat: string, part: number): Promise<number> {
    const answer = this.answers[chat]?.shift() ?? 'ok';
    const took = () => this.arrived.push({ chat, part });
    switch (answer) {
      case 'ok':
        took();
        return this.arrived.length;
      case 'accept-then-reset':
        took();
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      case 'reset':
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      case 'refused':
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      case '502':
        throw new TelegramError({ error_code: 502, description: 'Bad Gateway' });
      case '429':
        throw new TelegramError({ error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } });
      case '403':
        throw new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      case '400':
        throw new TelegramError({ error_code: 400, description: 'Bad Request: message is too long' });
    }
  }
}

beforeEach(() => useLoopTimers());
afterEach(() => vi.useRealTimers());

describe('send pipeline (property)', () => {
  it('never delivers a part twice and accounts for every part in the ledger, whatever the platform answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...CHATS), fc.array(fc.constantFrom(...ANSWERS), { maxLength: 12 })),
        async (answers) => {
          const adapter = new ScriptedPlatform(structuredClone(answers));
          const h = await startBot({ at: '2026-11-28T02:00:00Z', adapter });
          try {
            for (const chat of CHATS) await adapter.say('/subscribe', { chat });
            await adapter.say(`确认 ${confirmCode(await adapter.say(`/announce ${PARTS.join('\n\n')}`))}`);
            await h.settle();
            const journal = new Journal(path.join(h.dataDir, 'deliveries.jsonl'), LedgerLineSchema);
            const rows = async () => [...foldLedger(await journal.readAll()).values()];
            // Retries wait 30 s doubling to 30 min, eight attempts at most: four hours cover them all.
            for (
              let minutes = 31;
              (await rows()).some((r) => r.status === 'planned' || r.status === 'sending') && minutes < 240;
              minutes += 31
            ) {
              await h.at(new Date(Date.parse('2026-11-28T02:00:00Z') + minutes * 60_000).toISOString());
            }
            const settled = await rows();
            expect(settled).toHaveLength(CHATS.length);
            for (const row of settled) {
              const chat = row.chat.replace('fake:', '');
              const arrived = adapter.arrived.filter((a) => a.chat === chat).map((a) => a.part);
              expect(new Set(arrived).size).toBe(arrived.length);
              const sent = row.parts ? (row.partsSent ?? 0) : row.status === 'sent' ? 1 : 0;
              // Parts go in order; those the ledger counts as sent arrived, and nothing after them but at most
              // the one whose answer was lost (unknown).
              expect(arrived.slice(0, sent)).toEqual([...Array(sent).keys()]);
              if (row.status === 'sent') expect(arrived).toEqual([0, 1, 2]);
              else if (row.status === 'unknown') expect(arrived.length - sent).toBeLessThanOrEqual(1);
              else {
                expect(row.status).toBe('failed');
                expect(arrived).toHaveLength(sent);
              }
            }
          } finally {
            await h.bot.stop();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
