import type { Clock } from '../../src/adapters/telegram/send-queue.js';

/**
 * A clock whose time moves only when a timer is due: `run()` fires timers in time order, letting promises
 * settle in between. With `auto`, it does so by itself, so code under test against a real HTTP stub sits
 * out a 429 pause in virtual time (instantly) while the waits it asked for stay measurable.
 */
export class VirtualClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private ticking = false;

  constructor(private readonly auto = false) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    if (this.auto) this.tickSoon();
    return id;
  }

  /** Runs `fn` once the clock reaches `ms` from now (a message that arrives later), resolving with its result. */
  after<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    return new Promise((resolve) => this.setTimeout(() => resolve(fn()), ms));
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Fires due timers in order, advancing time, until none is left (or time would pass `until`). */
  async run(until = Infinity): Promise<void> {
    for (;;) {
      await settle();
      const next = this.earliest();
      if (!next || next[1].at > until) break;
      this.fire(next);
    }
    if (until !== Infinity) this.t = Math.max(this.t, until);
  }

  private earliest(): [number, { at: number; fn: () => void }] | undefined {
    return [...this.timers].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
  }

  private fire([id, timer]: [number, { at: number; fn: () => void }]): void {
    this.timers.delete(id);
    this.t = Math.max(this.t, timer.at);
    timer.fn();
  }

  private tickSoon(): void {
    if (this.ticking) return;
    this.ticking = true;
    setImmediate(() => {
      this.ticking = false;
      const next = this.earliest();
      if (next) this.fire(next);
      if (this.timers.size) this.tickSoon();
    });
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
