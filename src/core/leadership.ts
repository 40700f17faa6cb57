import { hostname } from 'node:os';
import type { Lease } from '../storage/store.js';
import type { Logger } from './logger.js';

/** How long a lease runs without renewal: a killed leader is replaced within this plus one `retryMs`. */
export const DEFAULT_LEASE_TTL_MS = 15_000;

/** A holder id for this process: host, pid and a random suffix, so a restarted process with the same pid is new. */
export function processHolderId(): string {
  return `${hostname()}/${process.pid}/${Math.random().toString(36).slice(2, 8)}`;
}

export interface LeadershipOptions {
  /** This process's holder id (processHolderId()). */
  self: string;
  lease: Lease;
  log: Logger;
  ttlMs?: number;
  /** Starts what only one process may run (the scheduler, polling, the WeChat login). */
  lead(): Promise<void>;
  /** Stops it again: the lease was lost (a network cut, a pause past the expiry) or the bot stops. */
  standDown(): Promise<void>;
}

export interface LeadershipStatus {
  self: string;
  leading: boolean;
  /** Who leads now, as the store last said (undefined between a leader's death and the takeover). */
  leader?: string;
}

/**
 * One leader among the bot processes sharing a store. Every process tries to take the lease; the holder renews it
 * three times per lifetime, the others retry as often, so a leader that dies is replaced within about
 * `ttlMs * 4/3`. A leader that cannot renew in time stands down before its lease could pass to another.
 */
export class Leadership {
  private leading = false;
  private leader?: string;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private expires = 0;
  private pass?: Promise<void>;
  /** Starting and stopping the leader-only parts, one after another, apart from the renewals (which must go on). */
  private changes: Promise<void> = Promise.resolve();
  private readonly ttlMs: number;

  constructor(private readonly options: LeadershipOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  get self(): string {
    return this.options.self;
  }

  /** Makes the first attempt (so a lone process leads before `start` resolves), then keeps trying in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
    await this.changes;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
    await this.changes;
    if (this.leading) {
      this.leading = false;
      await this.options.standDown().catch((err) => this.options.log.error({ err }, 'stopping the leader-only parts failed'));
      // Handing over at once: a standby need not wait for the expiry after a clean stop.
      await this.options.lease.release(this.self).catch(() => {});
    }
  }

  status(): LeadershipStatus {
    return { self: this.self, leading: this.leading, ...(this.leader ? { leader: this.leader } : {}) };
  }

  private tick(): Promise<void> {
    this.pass = this.attempt().finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.ttlMs / 3);
    });
    return this.pass;
  }

  private async attempt(): Promise<void> {
    const { lease, log } = this.options;
    const asked = Date.now();
    let held: boolean;
    try {
      held = await lease.acquire(this.self, this.ttlMs);
    } catch (err) {
      log.warn({ err }, 'cannot reach the store to renew the leader lease');
      // Unsure whether the renewal landed: stand down before the old lease could run out under another leader.
      held = this.leading && Date.now() < this.expires - this.ttlMs / 3;
    }
    if (held) this.expires = asked + this.ttlMs;
    this.leader = held
      ? this.self
      : await lease.current().then(
          (c) => c?.holder,
          () => undefined,
        );
    if (held && !this.leading) {
      this.leading = true;
      log.info({ self: this.self }, 'this process leads: starting the scheduler and the single-connection platforms');
      // Not awaited here: a start that takes long (a big ledger to read) must not hold up the renewals.
      this.change(async () => {
        try {
          await this.options.lead();
        } catch (err) {
          log.error({ err }, 'starting the leader-only parts failed; giving the lease up');
          await this.options.standDown().catch(() => {});
          this.leading = false;
          await lease.release(this.self).catch(() => {});
        }
      });
    } else if (!held && this.leading) {
      this.leading = false;
      log.warn(
        { self: this.self, leader: this.leader },
        'this process lost the leader lease: stopping the scheduler and the single-connection platforms',
      );
      this.change(() => this.options.standDown().catch((err) => log.error({ err }, 'stopping the leader-only parts failed')));
    }
  }

  private change(work: () => Promise<void>): void {
    this.changes = this.changes.then(work);
  }
}
