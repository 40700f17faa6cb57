/**
 * Per-user sliding window: a user above `limit` messages in `windowMs` is ignored until the window clears,
 * and is told once per burst. Memory stays bounded by pruning idle users.
 */
export class FloodGuard {
  private readonly hits = new Map<string, { times: number[]; warned: boolean }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** `ok`: handle it; `warn`: first message over the limit (tell the user); `drop`: ignore silently. */
  check(user: string, now: number): 'ok' | 'warn' | 'drop' {
    const record = this.hits.get(user) ?? { times: [], warned: false };
    record.times = record.times.filter((t) => now - t < this.windowMs);
    record.times.push(now);
    this.hits.set(user, record);
    if (this.hits.size > 10_000) this.prune(now);
    if (record.times.length <= this.limit) {
      record.warned = false;
      return 'ok';
    }
    if (record.warned) return 'drop';
    record.warned = true;
    return 'warn';
  }

  private prune(now: number): void {
    for (const [user, record] of this.hits) {
      if (record.times.every((t) => now - t >= this.windowMs)) this.hits.delete(user);
    }
  }
}
