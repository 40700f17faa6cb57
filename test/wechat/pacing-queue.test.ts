import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PACING, PacingQueue, type PacingOptions } from '../../src/adapters/wechat/pacing-queue.js';

const START = new Date('2026-11-28T02:00:00Z').getTime();

/** A queue on fake timers whose random draw is fixed, recording when each send ran. */
function setup(options: Partial<PacingOptions> = {}, random = 0.5) {
  const sentAt: number[] = [];
  const events = { capped: [] as number[], paused: [] as string[] };
  const queue = new PacingQueue(
    { ...DEFAULT_PACING, ...options },
    { onCapReached: (cap) => events.capped.push(cap), onPaused: (_until, reason) => events.paused.push(reason) },
    { now: Date.now, random: () => random },
  );
  const send = async () => {
    sentAt.push(Date.now());
    return `msg-${sentAt.length}`;
  };
  return { queue, sentAt, events, send };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PacingQueue', () => {
  it('keeps a random gap between min and max between sends, one at a time', async () => {
    const draws = [0, 1, 0.25, 0.75];
    let i = 0;
    const sentAt: number[] = [];
    const queue = new PacingQueue({ ...DEFAULT_PACING }, {}, { now: Date.now, random: () => draws[i++ % draws.length]! });
    const outcomes = Array.from({ length: 5 }, () => queue.push('push', async () => void sentAt.push(Date.now())));
    await vi.runAllTimersAsync();
    expect((await Promise.all(outcomes)).every((o) => o.status === 'sent')).toBe(true);
    const gaps = sentAt.slice(1).map((t, k) => t - sentAt[k]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(2_000);
      expect(gap).toBeLessThanOrEqual(5_000);
    }
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it('holds the gap even when sends are pushed one by one as soon as the previous went out', async () => {
    const { queue, sentAt, send } = setup({}, 0);
    for (let k = 0; k < 3; k++) {
      const done = queue.push('push', send);
      await vi.runAllTimersAsync();
      await done;
    }
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(2_000);
    expect(sentAt[2]! - sentAt[1]!).toBeGreaterThanOrEqual(2_000);
  });

  it('sends a direct reply in a quiet moment sooner than the minimum gap, but not at once', async () => {
    const { queue, sentAt, send } = setup({}, 0.5);
    const outcome = queue.push('reply', send);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(sentAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toEqual({ status: 'sent', messageId: 'msg-1' });
    expect(sentAt[0]! - START).toBe(1_500);
    // Right after a send it is no longer quiet: the next reply waits the full gap.
    const next = queue.push('reply', send);
    await vi.runAllTimersAsync();
    await next;
    expect(sentAt[1]! - sentAt[0]!).toBe(3_500);
  });

  it('stops at the daily cap, tells once, and starts again the next day', async () => {
    const { queue, events, send } = setup({ dailyCap: 2 });
    const first = [queue.push('push', send), queue.push('push', send), queue.push('push', send), queue.push('push', send)];
    await vi.runAllTimersAsync();
    const outcomes = await Promise.all(first);
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent', 'failed', 'failed']);
    expect(outcomes[2]).toMatchObject({ reason: 'daily cap of 2 messages reached', retryable: true });
    expect(events.capped).toEqual([2]);
    vi.setSystemTime(new Date('2026-11-28T16:00:01Z')); // 00:00:01 in Shanghai
    const nextDay = queue.push('push', send);
    await vi.runAllTimersAsync();
    expect((await nextDay).status).toBe('sent');
    expect(queue.stats().sentToday).toBe(1);
  });

  it('pauses when WeChat says the account sends too often: queued sends wait, new pushes fail fast', async () => {
    const { queue, events, sentAt } = setup({ pauseMs: 30 * 60_000 });
    let calls = 0;
    const throttled = queue.push('push', async () => {
      calls++;
      throw new Error('发送消息过于频繁，可稍后再试。');
    });
    const waiting = queue.push('push', async () => void sentAt.push(Date.now()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await throttled).toMatchObject({ status: 'failed', retryable: true });
    expect(events.paused).toEqual(['发送消息过于频繁，可稍后再试。']);
    expect(queue.stats().pausedUntil).toBeDefined();
    expect(await queue.push('push', async () => {})).toMatchObject({ status: 'failed', reason: expect.stringContaining('paused until') });
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    expect(sentAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect((await waiting).status).toBe('sent');
    expect(sentAt[0]! - START).toBeGreaterThanOrEqual(30 * 60_000);
    expect(calls).toBe(1);
  });

  it('pausing holds a send that was already scheduled', async () => {
    const { queue, sentAt, send } = setup();
    const outcome = queue.push('push', send);
    queue.pause('操作过于频繁', 60_000);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sentAt).toEqual([]);
    await vi.runAllTimersAsync();
    expect((await outcome).status).toBe('sent');
  });

  it('drops a reply that waited too long instead of sending it late', async () => {
    const { queue, send, sentAt } = setup({ replyMaxAgeMs: 60_000 });
    const stale = queue.push('reply', send);
    queue.pause('操作过于频繁', 5 * 60_000);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(await stale).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringContaining('waited too long') });
    expect(sentAt).toEqual([]);
  });

  it('reports how long the queue needs to drain, for delivery reports', () => {
    const { queue, send } = setup();
    for (let k = 0; k < 10; k++) void queue.push('push', send);
    expect(queue.stats()).toMatchObject({ pending: 10, drainSeconds: 35, dailyCap: DEFAULT_PACING.dailyCap });
    queue.stop();
  });

  it('answers everything still queued when stopped', async () => {
    const { queue, send } = setup();
    const pending = [queue.push('push', send), queue.push('push', send)];
    queue.stop();
    expect((await Promise.all(pending)).map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(await queue.push('push', send)).toMatchObject({ status: 'failed', reason: 'WeChat adapter stopped' });
  });

  it('a throw from the platform call is unknown (it may have gone out), a throttle notice is a refusal', async () => {
    const { queue, send } = setup();
    const lost = queue.push('push', async () => {
      throw new Error('puppet timeout after 30000 ms');
    });
    const next = queue.push('push', send);
    await vi.runAllTimersAsync();
    expect(await lost).toEqual({ status: 'unknown', reason: 'puppet timeout after 30000 ms' });
    expect(await next).toMatchObject({ status: 'sent' });
  });

  it('stops a message of several parts at the first part not sent, leaving other messages alone', async () => {
    const { queue, send, sentAt } = setup();
    const parts = queue.pushParts('push', [
      send,
      async () => {
        throw new Error('connection lost');
      },
      send,
    ]);
    const other = queue.push('push', send);
    await vi.runAllTimersAsync();
    expect((await Promise.all(parts)).map((o) => o.status)).toEqual(['sent', 'unknown', 'failed']);
    expect(await other).toMatchObject({ status: 'sent' });
    expect(sentAt).toHaveLength(2);
  });
});
