import fc from 'fast-check';
import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/core/adapter.js';
import { SendQueue, type OutgoingMessage, type SendQueueOptions } from '../../src/adapters/telegram/send-queue.js';
import { silentLog } from '../helpers/runtime.js';
import { VirtualClock } from './virtual-clock.js';

interface Delivery {
  chatId: string;
  text: string;
  at: number;
  asPlain: boolean;
  replyTo?: number;
}

const tooMany = (seconds: number) =>
  new TelegramError({ error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } });
const blocked = () => new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
/** A connection that was never made (node-fetch's FetchError carries the system error's code). */
const refused = () => Object.assign(new Error('request failed, reason: connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
const reset = () => Object.assign(new Error('request failed, reason: socket hang up'), { code: 'ECONNRESET' });
const badGateway = () => new TelegramError({ error_code: 502, description: 'Bad Gateway' });
const migrated = (to: number) =>
  new TelegramError({
    error_code: 400,
    description: 'Bad Request: group chat was upgraded to a supergroup chat',
    parameters: { migrate_to_chat_id: to },
  });

/**
 * A queue on a virtual clock with a scripted Telegram: `failures` maps a message text to the errors its
 * successive attempts throw before it goes through. Every accepted message is recorded with its time.
 */
function harness(failures: Record<string, unknown[]> = {}, options: Partial<SendQueueOptions> = {}) {
  const clock = new VirtualClock();
  const delivered: Delivery[] = [];
  const gone: string[] = [];
  const migrations: string[] = [];
  const parked: [number, number][] = [];
  const queue = new SendQueue({
    clock,
    log: silentLog,
    maxRetryAfterMs: 300_000,
    deliver: async (m, asPlain) => {
      const error = failures[m.html]?.shift();
      if (error) throw error;
      delivered.push({ chatId: m.chatId, text: asPlain ? m.plain : m.html, at: clock.now(), asPlain, replyTo: m.replyTo });
      return delivered.length;
    },
    onGone: (chat) => void gone.push(chat),
    onMigrate: (from, to) => void migrations.push(`${from}->${to}`),
    onParked: (count, seconds) => void parked.push([count, seconds]),
    ...options,
  });
  const send = (chatId: string, text: string, extra: Partial<OutgoingMessage> = {}) =>
    queue.enqueue({ chatId, html: text, plain: `plain:${text}`, ...extra });
  return { clock, queue, delivered, gone, migrations, parked, send };
}

describe('SendQueue pacing', () => {
  it('sends at most 30 messages a second overall', async () => {
    const h = harness();
    const outcomes = Array.from({ length: 70 }, (_, i) => h.send(String(1000 + i), `m${i}`));
    await h.clock.run();
    expect((await Promise.all(outcomes)).every((o) => o.status === 'sent')).toBe(true);
    const perSecond = [0, 1, 2].map((s) => h.delivered.filter((d) => Math.floor(d.at / 1000) === s).length);
    expect(perSecond).toEqual([30, 30, 10]);
  });

  it('sends about one message a second to a private chat, in order', async () => {
    const h = harness();
    const outcomes = ['one', 'two', 'three'].map((t) => h.send('42', t));
    await h.clock.run();
    await Promise.all(outcomes);
    expect(h.delivered.map((d) => [d.text, d.at])).toEqual([
      ['one', 0],
      ['two', 1000],
      ['three', 2000],
    ]);
  });

  it('sends at most 20 messages a minute to a group', async () => {
    const h = harness();
    const outcomes = Array.from({ length: 22 }, (_, i) => h.send('-100500', `g${i}`));
    await h.clock.run();
    await Promise.all(outcomes);
    const times = h.delivered.map((d) => d.at);
    expect(times.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i * 1000));
    expect(times.slice(20)).toEqual([60_000, 61_000]);
    expect(h.delivered.map((d) => d.text)).toEqual(Array.from({ length: 22 }, (_, i) => `g${i}`));
  });

  it('does not let one slow chat hold up the others', async () => {
    const h = harness();
    const outcomes = [h.send('1', 'a1'), h.send('1', 'a2'), h.send('2', 'b1')];
    await h.clock.run();
    await Promise.all(outcomes);
    expect(h.delivered.map((d) => `${d.text}@${d.at}`)).toEqual(['a1@0', 'b1@0', 'a2@1000']);
  });
});

describe('SendQueue failures', () => {
  it('pauses the rate-limited chat for retry_after on 429, then delivers everything exactly once', async () => {
    const h = harness({ first: [tooMany(3)] });
    const outcomes = [h.send('1', 'first'), h.send('1', 'second'), h.send('2', 'other'), h.clock.after(1000, () => h.send('2', 'later'))];
    await h.clock.run();
    expect((await Promise.all(outcomes)).map((o) => o.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    // Telegram's limits are per chat: chat 1 waits until t=3000, chat 2 goes on meanwhile.
    expect(h.delivered.map((d) => `${d.text}@${d.at}`)).toEqual(['other@0', 'later@1000', 'first@3000', 'second@4000']);
  });

  it('pauses every chat only when several chats are rate-limited at once', async () => {
    const h = harness({ a: [tooMany(5)], b: [tooMany(5)], c: [tooMany(5)] });
    const outcomes = [h.send('1', 'a'), h.send('2', 'b'), h.send('3', 'c'), h.clock.after(1000, () => h.send('4', 'd'))];
    await h.clock.run();
    expect((await Promise.all(outcomes)).map((o) => o.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(h.delivered.find((d) => d.text === 'd')!.at).toBeGreaterThanOrEqual(5000);
  });

  it('gives a message up (retryable) after 10 rate limits, with the rest of its chat; other chats are not held', async () => {
    const h = harness({ stuck: Array.from({ length: 20 }, () => tooMany(1)) });
    const stuck = h.send('1', 'stuck');
    const rest = h.send('1', 'part 2');
    const other = h.clock.after(500, () => h.send('2', 'other'));
    await h.clock.run();
    expect(await stuck).toMatchObject({ status: 'failed', retryable: true, reason: expect.stringMatching(/rate limit/) });
    expect(await rest).toMatchObject({ status: 'failed', retryable: true });
    expect((await other).status).toBe('sent');
    expect(h.delivered.map((d) => `${d.text}@${d.at}`)).toEqual(['other@500']);
  });

  it('parks the chat’s waiting messages and tells admins once when retry_after is above the ceiling; other chats go on', async () => {
    const h = harness({ first: [tooMany(3600)] });
    const outcomes = [h.send('-100', 'first'), h.send('-100', 'second')];
    await h.clock.run(10);
    const settled = await Promise.all(outcomes);
    expect(settled.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(settled[0]).toMatchObject({ retryable: true, reason: expect.stringMatching(/3600 s.*300 s ceiling/) });
    expect(h.parked).toEqual([[2, 3600]]);
    // While parked, new messages to that chat fail at once instead of waiting an hour; a private reply goes.
    expect(await h.send('-100', 'during')).toMatchObject({ status: 'failed', retryable: true });
    const reply = h.send('5', 'private reply');
    await h.clock.run(20_000);
    expect(await reply).toMatchObject({ status: 'sent' });
    await h.clock.run(3_600_000);
    const after = h.send('-100', 'after');
    await h.clock.run();
    expect(await after).toMatchObject({ status: 'sent' });
    expect(h.delivered.map((d) => d.text)).toEqual(['private reply', 'after']);
    expect(h.parked).toHaveLength(1);
  });

  it('marks a blocked chat gone on 403 and drops its queued messages, other chats unaffected', async () => {
    const h = harness({ hello: [blocked()] });
    const outcomes = [h.send('7', 'hello'), h.send('7', 'again'), h.send('8', 'fine')];
    await h.clock.run();
    const [hello, again, fine] = await Promise.all(outcomes);
    expect(hello).toEqual({ status: 'gone', reason: 'Forbidden: bot was blocked by the user' });
    expect(again).toMatchObject({ status: 'gone' });
    expect(fine).toMatchObject({ status: 'sent' });
    expect(h.gone).toEqual(['7']);
    expect(h.delivered.map((d) => d.text)).toEqual(['fine']);
  });

  it('moves a migrated group to its new id and re-sends, without the stale reply id', async () => {
    const h = harness({ news: [migrated(-1009876)] });
    const outcomes = [h.send('-4567', 'news', { replyTo: 12 }), h.send('-4567', 'more')];
    await h.clock.run();
    expect((await Promise.all(outcomes)).map((o) => o.status)).toEqual(['sent', 'sent']);
    expect(h.delivered.map((d) => [d.chatId, d.text, d.replyTo])).toEqual([
      ['-1009876', 'news', undefined],
      ['-1009876', 'more', undefined],
    ]);
    expect(h.migrations).toEqual(['-4567->-1009876']);
    const later = h.send('-4567', 'later');
    await h.clock.run();
    await later;
    expect(h.delivered.at(-1)?.chatId).toBe('-1009876');
  });

  it('retries a connection never made with growing waits, and gives up after the limit', async () => {
    const h = harness({ flaky: [refused(), refused()], doomed: Array.from({ length: 9 }, refused) }, { maxAttempts: 4 });
    const flaky = h.send('1', 'flaky');
    const doomed = h.send('2', 'doomed');
    await h.clock.run();
    expect(await flaky).toMatchObject({ status: 'sent' });
    expect(h.delivered.map((d) => `${d.text}@${d.at}`)).toEqual(['flaky@3000']);
    expect(await doomed).toMatchObject({ status: 'failed', reason: expect.stringContaining('ECONNREFUSED'), retryable: true });
  });

  it('a reset, a timeout or a 5xx after the request left is unknown and not sent again', async () => {
    const timeout = () => Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    const h = harness({ a: [reset()], b: [badGateway()], c: [timeout()] });
    const outcomes = [h.send('1', 'a'), h.send('2', 'b'), h.send('3', 'c'), h.send('1', 'next')];
    await h.clock.run();
    const [a, b, c, next] = await Promise.all(outcomes);
    expect([a, b, c].map((o) => o!.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(b).toMatchObject({ reason: '502: Bad Gateway' });
    expect(next).toMatchObject({ status: 'sent' });
    expect(h.delivered.map((d) => d.text)).toEqual(['next']);
  });

  it('stops a message of several parts at the first part not sent: the later parts are not tried', async () => {
    const h = harness({ p2: [badGateway()] });
    const parts = h.queue.enqueueParts(['p1', 'p2', 'p3'].map((text) => ({ chatId: '1', html: text, plain: text })));
    const other = h.send('1', 'other');
    await h.clock.run();
    expect((await Promise.all(parts)).map((o) => o.status)).toEqual(['sent', 'unknown', 'failed']);
    expect(await other).toMatchObject({ status: 'sent' });
    expect(h.delivered.map((d) => d.text)).toEqual(['p1', 'other']);
  });

  it('treats 400 "chat not found" as gone, like 403', async () => {
    const h = harness({ hi: [new TelegramError({ error_code: 400, description: 'Bad Request: chat not found' })] });
    const outcome = await Promise.all([h.send('77', 'hi'), h.clock.run()]);
    expect(outcome[0]).toEqual({ status: 'gone', reason: 'Bad Request: chat not found' });
    expect(h.gone).toEqual(['77']);
  });

  it('re-sends as plain text when Telegram cannot parse the HTML', async () => {
    const h = harness({ '<b>x': [new TelegramError({ error_code: 400, description: "Bad Request: can't parse entities: unclosed tag" })] });
    const outcome = h.send('1', '<b>x');
    await h.clock.run();
    expect(await outcome).toMatchObject({ status: 'sent' });
    expect(h.delivered).toMatchObject([{ text: 'plain:<b>x', asPlain: true }]);
  });

  it('reports other refusals as not retryable and carries on with the next message', async () => {
    const h = harness({ bad: [new TelegramError({ error_code: 400, description: 'Bad Request: message is too long' })] });
    const outcomes = [h.send('1', 'bad'), h.send('1', 'good')];
    await h.clock.run();
    const [bad, good]: SendOutcome[] = await Promise.all(outcomes);
    expect(bad).toEqual({ status: 'failed', reason: '400: Bad Request: message is too long', retryable: false });
    expect(good).toMatchObject({ status: 'sent' });
  });

  it('on stop, fails what could not be sent in time as retryable and refuses new messages', async () => {
    const h = harness({ slow: [tooMany(200)] });
    const outcome = h.send('1', 'slow');
    await h.clock.run(10);
    const stopped = h.queue.stop(1000);
    await h.clock.run();
    await stopped;
    expect(await outcome).toMatchObject({ status: 'failed', retryable: true });
    expect(await h.send('1', 'late')).toMatchObject({ status: 'failed', reason: 'the bot is stopping' });
  });
});

describe('SendQueue under random trouble', () => {
  it('delivers every message exactly once, each chat in order, whatever mix of 429 and refused connections', async () => {
    const trouble = fc.constantFrom<() => unknown>(() => tooMany(2), refused);
    const message = fc.record({ chat: fc.constantFrom('1', '2', '-100', '-200'), failures: fc.array(trouble, { maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 40 }), async (messages) => {
        const script = Object.fromEntries(messages.map((m, i) => [`m${i}`, m.failures.map((make) => make())]));
        const h = harness(script, { maxAttempts: 10 });
        const outcomes = messages.map((m, i) => h.send(m.chat, `m${i}`));
        await h.clock.run();
        expect((await Promise.all(outcomes)).every((o) => o.status === 'sent')).toBe(true);
        expect(h.delivered.map((d) => d.text).sort()).toEqual(messages.map((_, i) => `m${i}`).sort());
        for (const chat of ['1', '2', '-100', '-200']) {
          const sent = h.delivered.filter((d) => d.chatId === chat).map((d) => Number(d.text.slice(1)));
          expect(sent).toEqual([...sent].sort((a, b) => a - b));
        }
      }),
      { numRuns: 60 },
    );
  });
});
