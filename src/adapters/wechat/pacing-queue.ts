import type { SendOutcome } from '../../core/adapter.js';
import { NOT_ATTEMPTED } from '../../core/parts.js';
import { DEFAULT_TIMEZONE, formatLocal } from '../../core/time.js';
import { isThrottleNotice } from './throttle-notice.js';

/** How fast the account may send. WeChat flags accounts that send like machines, so gaps are random. */
export interface PacingOptions {
  /** Shortest gap between two sends (default 2 s). */
  minGapMs: number;
  /** Longest gap; each gap is drawn between min and max (default 5 s). */
  maxGapMs: number;
  /** Sends per calendar day in `timezone`; past it sends fail until midnight. */
  dailyCap: number;
  /** How long to stop sending after WeChat says the account sends too often. */
  pauseMs: number;
  timezone: string;
  /** A reply still waiting after this long is dropped: the asker has moved on, and a late burst looks spammy. */
  replyMaxAgeMs: number;
}

export const DEFAULT_PACING: PacingOptions = {
  minGapMs: 2_000,
  maxGapMs: 5_000,
  dailyCap: 500,
  pauseMs: 30 * 60_000,
  timezone: DEFAULT_TIMEZONE,
  replyMaxAgeMs: 10 * 60_000,
};

/** `reply`: answers someone who just wrote; `push`: announcements, reminders, alerts. */
export type SendKind = 'reply' | 'push';

export interface PacingEvents {
  /** The daily cap was reached (called once per day). */
  onCapReached?(cap: number): void;
  /** Sending was paused because WeChat throttled the account. */
  onPaused?(until: Date, reason: string): void;
}

export interface PacingClock {
  now(): number;
  random(): number;
}

interface Job {
  kind: SendKind;
  run: () => Promise<string | void>;
  queuedAt: number;
  /** Earliest start: set for a reply that arrived when the account was quiet. */
  notBefore?: number;
  /** The parts of one message share it: after a part that was not sent, the later ones are not tried. */
  group: object;
  resolve: (outcome: SendOutcome) => void;
}

export interface PacingStats {
  pending: number;
  sentToday: number;
  dailyCap: number;
  pausedUntil?: string;
  /** Rough time until everything queued now has gone out, at the average gap. */
  drainSeconds: number;
}

/**
 * The one way out for everything the WeChat account sends: one message at a time, a random gap of
 * min..max between sends, a daily cap, and a pause when WeChat says the account sends too often. A direct
 * reply in a quiet moment goes out after a shorter, still human, delay (half the minimum gap to the minimum).
 * Announcements to many rooms therefore take minutes; `stats()` says how long.
 */
export class PacingQueue {
  private readonly jobs: Job[] = [];
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private day = '';
  private sentToday = 0;
  private capAlerted = false;
  private pausedUntil = 0;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

  constructor(
    private readonly options: PacingOptions,
    private readonly events: PacingEvents = {},
    private readonly clock: PacingClock = { now: Date.now, random: Math.random },
  ) {
    if (options.minGapMs > options.maxGapMs) throw new Error('pacing: the minimum gap is longer than the maximum gap');
  }

  /**
   * Queues one send. `run` does the platform call and may return the message id. Resolves when the send is
   * done, dropped or refused: a throttle error pauses the queue and is `failed` (WeChat refused it); any other
   * throw is `unknown` (the puppet may have sent it before failing).
   */
  push(kind: SendKind, run: () => Promise<string | void>): Promise<SendOutcome> {
    return this.pushParts(kind, [run])[0]!;
  }

  /** Queues the parts of one message, one after another; after a part that was not sent, the rest are not tried. */
  pushParts(kind: SendKind, runs: (() => Promise<string | void>)[]): Promise<SendOutcome>[] {
    const group = {};
    return runs.map((run) => {
      if (this.stopped) return Promise.resolve<SendOutcome>({ status: 'failed', reason: 'WeChat adapter stopped', retryable: true });
      const now = this.clock.now();
      if (this.isPaused(now)) return Promise.resolve(this.pausedOutcome());
      return new Promise<SendOutcome>((resolve) => {
        const quiet = kind === 'reply' && !this.jobs.length && !this.running && now - this.lastSentAt >= this.options.maxGapMs;
        const notBefore = quiet ? now + this.draw(this.options.minGapMs / 2, this.options.minGapMs) : undefined;
        this.jobs.push({ kind, run, queuedAt: now, notBefore, group, resolve });
        this.schedule();
      });
    });
  }

  /** Stops sending until `ms` from now (WeChat throttled the account). Queued messages wait; new pushes fail. */
  pause(reason: string, ms = this.options.pauseMs): void {
    const until = this.clock.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.events.onPaused?.(new Date(until), reason);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  stats(): PacingStats {
    const now = this.clock.now();
    this.rollDay(now);
    const averageGap = (this.options.minGapMs + this.options.maxGapMs) / 2;
    const pausedFor = this.isPaused(now) ? this.pausedUntil - now : 0;
    return {
      pending: this.jobs.length,
      sentToday: this.sentToday,
      dailyCap: this.options.dailyCap,
      pausedUntil: pausedFor ? new Date(this.pausedUntil).toISOString() : undefined,
      drainSeconds: Math.ceil((pausedFor + this.jobs.length * averageGap) / 1000),
    };
  }

  /** Ends the timer; whatever is still queued is answered as failed (retryable). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const job of this.jobs.splice(0)) job.resolve({ status: 'failed', reason: 'WeChat adapter stopped', retryable: true });
  }

  private isPaused(now: number): boolean {
    return now < this.pausedUntil;
  }

  private pausedOutcome(): SendOutcome {
    return {
      status: 'failed',
      reason: `paused until ${new Date(this.pausedUntil).toISOString()}: WeChat said the account sends too often`,
      retryable: true,
    };
  }

  private draw(min: number, max: number): number {
    return Math.round(min + this.clock.random() * (max - min));
  }

  private rollDay(now: number): void {
    const day = formatLocal(new Date(now), this.options.timezone, 'YYYY-MM-DD');
    if (day === this.day) return;
    this.day = day;
    this.sentToday = 0;
    this.capAlerted = false;
  }

  private schedule(): void {
    if (this.running || this.stopped || this.timer || !this.jobs.length) return;
    const head = this.jobs[0]!;
    const now = this.clock.now();
    const due = Math.max(
      head.notBefore ?? this.lastSentAt + this.draw(this.options.minGapMs, this.options.maxGapMs),
      this.pausedUntil,
      now,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runHead();
    }, due - now);
    this.timer.unref?.();
  }

  private async runHead(): Promise<void> {
    const job = this.jobs.shift();
    if (!job) return;
    this.running = true;
    try {
      const outcome = await this.attempt(job);
      job.resolve(outcome);
      if (outcome.status !== 'sent') this.dropRestOf(job.group);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private dropRestOf(group: object): void {
    for (let i = this.jobs.length - 1; i >= 0; i--) {
      if (this.jobs[i]!.group === group) this.jobs.splice(i, 1)[0]!.resolve(NOT_ATTEMPTED);
    }
  }

  private async attempt(job: Job): Promise<SendOutcome> {
    const now = this.clock.now();
    this.rollDay(now);
    if (job.kind === 'reply' && now - job.queuedAt > this.options.replyMaxAgeMs) {
      return { status: 'failed', reason: 'reply dropped: it waited too long in the send queue', retryable: false };
    }
    if (this.sentToday >= this.options.dailyCap) {
      if (!this.capAlerted) {
        this.capAlerted = true;
        this.events.onCapReached?.(this.options.dailyCap);
      }
      return { status: 'failed', reason: `daily cap of ${this.options.dailyCap} messages reached`, retryable: true };
    }
    try {
      const messageId = await job.run();
      this.sentToday++;
      return { status: 'sent', messageId: messageId || undefined };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (isThrottleNotice(reason)) {
        this.pause(reason);
        return { status: 'failed', reason, retryable: true };
      }
      // The puppet threw after the call was made (a timeout, a lost connection): the message may be out.
      return { status: 'unknown', reason };
    } finally {
      // The gap counts from the end of a send: a slow platform call must not shorten the next gap.
      this.lastSentAt = this.clock.now();
    }
  }
}
