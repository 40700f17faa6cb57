import { TelegramError } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { SendOutcome } from '../../core/adapter.js';
import type { Logger } from '../../core/logger.js';
import { NOT_ATTEMPTED } from '../../core/parts.js';
import { describeError, neverLeft, retryDelayMs } from './bot-api.js';

/** Time for the queue, injectable so tests can pace and wait without real waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Telegram's published limits for bots (core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
export interface RateLimits {
  /** Messages per second across all chats. */
  perSecond: number;
  /** Messages per second in one chat, private or group. */
  perChatPerSecond: number;
  /** Messages per minute in one group. */
  perGroupPerMinute: number;
}

const TELEGRAM_LIMITS: RateLimits = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };

/** One message as the queue carries it: the HTML and its plain-text twin (used if Telegram rejects the HTML). */
export interface OutgoingMessage {
  chatId: string;
  html: string;
  plain: string;
  keyboard?: InlineKeyboardMarkup;
  /** Telegram message id to answer (a group member's question). */
  replyTo?: number;
  /** The forum topic to post in (message_thread_id). */
  threadId?: number;
}

export interface SendQueueOptions {
  /** Makes the API call; resolves with the new message id, throws TelegramError or a network error. */
  deliver(message: OutgoingMessage, asPlain: boolean): Promise<number>;
  /** A 429 asking for a longer wait than this parks the queue instead of sitting it out. */
  maxRetryAfterMs: number;
  limits?: Partial<RateLimits>;
  /** Tries for network errors and 5xx before giving up (default 5). */
  maxAttempts?: number;
  clock?: Clock;
  log: Logger;
  /** 403: the bot was blocked or removed; the chat should be marked inactive. */
  onGone(chatId: string, reason: string): Promise<void> | void;
  /** 400 with migrate_to_chat_id: the group became a supergroup with a new id. */
  onMigrate(fromId: string, toId: string): Promise<void> | void;
  /** Telegram asked a chat for a wait above the ceiling; `count` messages were given up (told once while any chat is parked). */
  onParked(count: number, retryAfterSeconds: number): void;
}

interface Job {
  message: OutgoingMessage;
  /** The parts of one message share it: after a part that was not sent, the later ones are not tried. */
  group?: object;
  resolve(outcome: SendOutcome): void;
  attempts: number;
  notBefore: number;
  asPlain: boolean;
  migrations: number;
  /** 429s this message met: each one waits, so a Bot API that keeps refusing must not hold it for ever. */
  rateLimited: number;
}

/** A message refused with 429 this many times is given up (retryable) rather than waited on again. */
const MAX_RATE_LIMITED = 10;
/** Telegram's limits are per chat; when this many chats are told to wait at once, the bot as a whole is too fast. */
const MANY_LIMITED = 3;

/** The latest of several "not before" times, or 0. */
const until = (times: Map<string, number>, key: string) => times.get(key) ?? 0;

// Timestamps of recent sends, to answer "when may the next one go" for N per window.
class Window {
  private stamps: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly ms: number,
  ) {}

  nextAt(now: number): number {
    this.forget(now);
    return this.stamps.length < this.limit ? now : this.stamps[this.stamps.length - this.limit]! + this.ms;
  }

  /** True when no send within the window is remembered, so dropping the window changes nothing. */
  idle(now: number): boolean {
    this.forget(now);
    return this.stamps.length === 0;
  }

  private forget(now: number): void {
    while (this.stamps.length && this.stamps[0]! <= now - this.ms) this.stamps.shift();
  }

  record(now: number): void {
    this.stamps.push(now);
  }
}

// Bot API chat ids: users are positive, groups and supergroups negative.
const isGroup = (chatId: string) => chatId.startsWith('-');

// 400s that mean the chat is not there for the bot any more, as final as a 403 (core.telegram.org/api/errors).
const CHAT_GONE = /\bchat not found\b|group chat was deactivated|\bPEER_ID_INVALID\b|user is deactivated|CHANNEL_PRIVATE/i;

/**
 * The one outgoing queue of a Telegram bot. Keeps Telegram's limits (30 messages/s overall, about 1/s per
 * chat, 20/min per group), keeps each chat's messages in order (one in flight per chat), and turns every
 * failure into an outcome instead of an exception:
 * - 429: that chat pauses for `retry_after` (the limits are per chat; all sending pauses only when several chats
 *   are limited at once); a wait above the ceiling parks (gives up) that chat's waiting messages and reports it,
 *   rather than holding them for hours; a message refused 10 times is given up with the rest of its chat's queue;
 * - 403 (blocked, kicked) and 400 "chat not found"-like: the chat's messages are dropped as `gone` and `onGone`
 *   marks it inactive;
 * - 400 with migrate_to_chat_id: the chat's messages move to the new id and are re-sent;
 * - 400 "can't parse entities": re-sent as plain text;
 * - a connection never made: retried with exponential backoff, up to `maxAttempts`;
 * - a reset, a timeout or a 5xx after the request left: `unknown`, never re-sent (Telegram may have delivered it).
 * The parts of one message (`enqueueParts`) stop at the first part not sent: no part arrives after a hole.
 */
export class SendQueue {
  // One FIFO per chat, chats in order of arrival: a pump looks at each chat's head only.
  private readonly waiting = new Map<string, Job[]>();
  private readonly inFlight = new Set<string>();
  private readonly chatWindows = new Map<string, Window[]>();
  private pruneAt = 1000;
  private readonly global: Window;
  private readonly limits: RateLimits;
  private readonly clock: Clock;
  private readonly migrated = new Map<string, string>();
  private pausedUntil = 0;
  private readonly chatPausedUntil = new Map<string, number>();
  private readonly parkedUntil = new Map<string, number>();
  private timer: unknown;
  private stopping = false;
  private drained?: () => void;

  constructor(private readonly options: SendQueueOptions) {
    this.limits = { ...TELEGRAM_LIMITS, ...options.limits };
    this.clock = options.clock ?? systemClock;
    this.global = new Window(this.limits.perSecond, 1000);
  }

  /** Queues one message; resolves once it was delivered or given up. Never rejects. */
  enqueue(message: OutgoingMessage): Promise<SendOutcome> {
    return this.enqueueParts([message])[0]!;
  }

  /**
   * Queues the parts of one message, in order, to one chat. Each resolves once delivered or given up; a part
   * after one that was not sent is not tried (NOT_ATTEMPTED). Never rejects.
   */
  enqueueParts(messages: OutgoingMessage[]): Promise<SendOutcome>[] {
    const now = this.clock.now();
    const group = {};
    return messages.map((message) => {
      if (this.stopping) return Promise.resolve({ status: 'failed', reason: 'the bot is stopping', retryable: true });
      const chatId = this.resolveChatId(message.chatId);
      const parked = until(this.parkedUntil, chatId);
      if (now < parked) {
        const seconds = Math.ceil((parked - now) / 1000);
        return Promise.resolve({
          status: 'failed',
          reason: `Telegram rate limit: sending to this chat is parked for ${seconds} s`,
          retryable: true,
        });
      }
      return new Promise<SendOutcome>((resolve) => {
        this.queueOf(chatId).push({
          message: { ...message, chatId },
          group,
          resolve,
          attempts: 0,
          notBefore: 0,
          asPlain: false,
          migrations: 0,
          rateLimited: 0,
        });
        this.pump();
      });
    });
  }

  /** Where a chat's messages go now, after a group → supergroup migration. */
  resolveChatId(chatId: string): string {
    return this.migrated.get(chatId) ?? chatId;
  }

  /** Sends a chat's messages, queued and future, to its new id (group → supergroup migration). */
  redirect(fromId: string, toId: string): void {
    this.migrated.set(fromId, toId);
    const moved = this.take(fromId);
    if (!moved.length) return;
    // Message ids do not carry over to the supergroup, so a reply would point at the wrong message.
    for (const job of moved) job.message = { ...job.message, chatId: toId, replyTo: undefined };
    this.queueOf(toId).unshift(...moved);
  }

  stats() {
    const now = this.clock.now();
    const limitedChats = [...this.chatPausedUntil.values()].filter((t) => t > now).length;
    const parkedChats = [...this.parkedUntil.values()].filter((t) => t > now).length;
    return {
      waiting: this.count(),
      inFlight: this.inFlight.size,
      pausedForMs: Math.max(0, this.pausedUntil - now),
      limitedChats,
      parkedChats,
    };
  }

  /** Stops taking messages and gives the queue up to `drainMs` to empty; what is left fails as retryable. */
  async stop(drainMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.count() || this.inFlight.size) {
      await new Promise<void>((resolve) => {
        const deadline = this.clock.setTimeout(resolve, drainMs);
        this.drained = () => {
          this.clock.clearTimeout(deadline);
          resolve();
        };
      });
    }
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const job of this.takeAll()) job.resolve({ status: 'failed', reason: 'the bot stopped before sending', retryable: true });
  }

  private queueOf(chatId: string): Job[] {
    let queue = this.waiting.get(chatId);
    if (!queue) this.waiting.set(chatId, (queue = []));
    return queue;
  }

  private take(chatId: string): Job[] {
    const jobs = this.waiting.get(chatId) ?? [];
    this.waiting.delete(chatId);
    return jobs;
  }

  private takeAll(): Job[] {
    const jobs = [...this.waiting.values()].flat();
    this.waiting.clear();
    return jobs;
  }

  private count(): number {
    let n = 0;
    for (const queue of this.waiting.values()) n += queue.length;
    return n;
  }

  // Back at the head of its chat: it was the head when it was sent.
  private requeue(job: Job): void {
    this.queueOf(job.message.chatId).unshift(job);
  }

  private pump(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopping && !this.waiting.size && !this.inFlight.size) return this.drained?.();
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.wakeAt(this.pausedUntil, now);
    let wake = Infinity;
    for (const [chat, queue] of this.waiting) {
      // One message in flight per chat keeps each chat's messages in order.
      if (this.inFlight.has(chat)) continue;
      const globalAt = this.global.nextAt(now);
      if (globalAt > now) {
        wake = Math.min(wake, globalAt);
        break;
      }
      const job = queue[0]!;
      const ready = Math.max(
        job.notBefore,
        until(this.chatPausedUntil, chat),
        ...(this.chatWindows.get(chat) ?? []).map((w) => w.nextAt(now)),
      );
      if (ready > now) {
        wake = Math.min(wake, ready);
        continue;
      }
      queue.shift();
      if (!queue.length) this.waiting.delete(chat);
      this.global.record(now);
      for (const w of this.windowsOf(chat)) w.record(now);
      this.inFlight.add(chat);
      void this.attempt(job);
    }
    if (wake !== Infinity) this.wakeAt(wake, now);
  }

  private wakeAt(at: number, now: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, at - now);
  }

  private windowsOf(chatId: string): Window[] {
    let windows = this.chatWindows.get(chatId);
    if (!windows) {
      windows = [new Window(this.limits.perChatPerSecond, 1000)];
      if (isGroup(chatId)) windows.push(new Window(this.limits.perGroupPerMinute, 60_000));
      this.chatWindows.set(chatId, windows);
      if (this.chatWindows.size >= this.pruneAt) {
        this.forgetIdleChats();
        this.pruneAt = Math.max(1000, this.chatWindows.size * 2);
      }
    }
    return windows;
  }

  // An announcement to many chats would otherwise leave one window per chat behind forever.
  private forgetIdleChats(): void {
    const now = this.clock.now();
    for (const [key, windows] of this.chatWindows) if (windows.every((w) => w.idle(now))) this.chatWindows.delete(key);
    for (const times of [this.chatPausedUntil, this.parkedUntil]) for (const [key, t] of times) if (t <= now) times.delete(key);
  }

  private async attempt(job: Job): Promise<void> {
    const chat = job.message.chatId;
    try {
      const messageId = await this.options.deliver(job.message, job.asPlain);
      this.finish(job, { status: 'sent', messageId: String(messageId) });
    } catch (err) {
      await this.failed(job, err);
    } finally {
      this.inFlight.delete(chat);
      this.pump();
    }
  }

  /** Answers a job; one that was not sent takes the later parts of its message with it, untried. */
  private finish(job: Job, outcome: SendOutcome): void {
    job.resolve(outcome);
    if (outcome.status === 'sent' || !job.group) return;
    const queue = this.waiting.get(job.message.chatId);
    if (!queue) return;
    const rest = queue.filter((j) => j.group === job.group);
    if (!rest.length) return;
    const kept = queue.filter((j) => j.group !== job.group);
    if (kept.length) this.waiting.set(job.message.chatId, kept);
    else this.waiting.delete(job.message.chatId);
    for (const j of rest) j.resolve(NOT_ATTEMPTED);
  }

  private async failed(job: Job, err: unknown): Promise<void> {
    const chat = job.message.chatId;
    const log = this.options.log;
    if (err instanceof TelegramError && err.code < 500) {
      const { code, description, parameters } = err;
      if (code === 429) return this.rateLimited(job, (parameters?.retry_after ?? 5) * 1000);
      if (code === 403 || (code === 400 && CHAT_GONE.test(description))) return this.gone(chat, description, job);
      const to = parameters?.migrate_to_chat_id;
      if (code === 400 && to !== undefined && job.migrations < 2) return this.migrate(job, String(to));
      if (code === 400 && !job.asPlain && /can't parse entities/i.test(description)) {
        log.error({ chat, description }, 'telegram: HTML rejected; re-sending as plain text');
        job.asPlain = true;
        this.requeue(job);
        return;
      }
      log.error({ chat, code, description }, 'telegram: message refused');
      this.finish(job, { status: 'failed', reason: `${code}: ${description}`, retryable: false });
      return;
    }
    const reason = describeError(err);
    if (!neverLeft(err)) {
      // The request went out and no answer came back: Telegram may have delivered it, and a second copy is
      // worse than a report, so this is the crash rule (unknown, re-sent only when an admin asks).
      log.error({ chat, reason }, 'telegram: no answer to a sent message; it may have arrived, not re-sending');
      this.finish(job, { status: 'unknown', reason });
      return;
    }
    job.attempts++;
    const maxAttempts = this.options.maxAttempts ?? 5;
    if (job.attempts >= maxAttempts) {
      log.error({ chat, attempts: job.attempts, reason }, 'telegram: giving up on a message after repeated failures');
      this.finish(job, { status: 'failed', reason, retryable: true });
      return;
    }
    const delay = retryDelayMs(job.attempts);
    log.warn({ chat, attempt: job.attempts, retryInMs: delay, reason }, 'telegram: cannot reach Telegram; retrying');
    job.notBefore = this.clock.now() + delay;
    this.requeue(job);
  }

  // 429: the wait is the chat's; the bot as a whole slows down only when several chats are told to wait.
  private rateLimited(job: Job, waitMs: number): void {
    const chat = job.message.chatId;
    const log = this.options.log;
    if (waitMs > this.options.maxRetryAfterMs) return this.park(job, waitMs);
    const now = this.clock.now();
    this.chatPausedUntil.set(chat, Math.max(until(this.chatPausedUntil, chat), now + waitMs));
    const limited = [...this.chatPausedUntil.values()].filter((t) => t > now).length;
    if (limited >= MANY_LIMITED) this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
    log.warn({ chat, retryAfter: waitMs / 1000, limitedChats: limited }, 'telegram: rate limited (429); pausing this chat');
    if (++job.rateLimited >= MAX_RATE_LIMITED) {
      // The chat's later messages go too (as a park does): a long reply split in parts must not arrive with
      // a hole in the middle, and a retried announcement must not repeat the parts that did go out.
      const dropped = [job, ...this.take(chat)];
      log.error({ chat, rateLimited: job.rateLimited, dropped: dropped.length }, 'telegram: giving up after repeated rate limits');
      for (const j of dropped)
        j.resolve({ status: 'failed', reason: `Telegram rate limit: refused ${MAX_RATE_LIMITED} times`, retryable: true });
      return;
    }
    this.requeue(job);
  }

  private park(job: Job, waitMs: number): void {
    const chat = job.message.chatId;
    const now = this.clock.now();
    const already = [...this.parkedUntil.values()].some((t) => t > now);
    this.chatPausedUntil.set(chat, Math.max(until(this.chatPausedUntil, chat), now + waitMs));
    this.parkedUntil.set(chat, Math.max(until(this.parkedUntil, chat), now + waitMs));
    const parked = [job, ...this.take(chat)];
    const seconds = Math.round(waitMs / 1000);
    const reason = `Telegram rate limit: asked to wait ${seconds} s, more than the ${Math.round(this.options.maxRetryAfterMs / 1000)} s ceiling`;
    for (const j of parked) j.resolve({ status: 'failed', reason, retryable: true });
    this.options.log.error(
      { chat, parked: parked.length, retryAfter: seconds },
      'telegram: rate limit wait above the ceiling; the chat is parked',
    );
    if (!already) this.options.onParked(parked.length, seconds);
  }

  private async gone(chat: string, reason: string, job: Job): Promise<void> {
    const dropped = [job, ...this.take(chat)];
    this.options.log.warn({ chat, reason, dropped: dropped.length }, 'telegram: bot blocked or removed; chat marked inactive');
    // Deactivate first, so whoever awaits the outcome already sees the chat inactive.
    await Promise.resolve(this.options.onGone(chat, reason)).catch((err: unknown) =>
      this.options.log.error({ err, chat }, 'telegram: cannot mark chat inactive'),
    );
    for (const j of dropped) j.resolve({ status: 'gone', reason });
  }

  private async migrate(job: Job, to: string): Promise<void> {
    const from = job.message.chatId;
    job.migrations++;
    this.requeue(job);
    this.redirect(from, to);
    this.options.log.info({ from, to }, 'telegram: group migrated to a supergroup; re-sending to the new id');
    await Promise.resolve(this.options.onMigrate(from, to)).catch((err: unknown) =>
      this.options.log.error({ err, from, to }, 'telegram: cannot record the new chat id'),
    );
  }
}
