/**
 * The wait before the next try after `failures` consecutive failures: `baseMs`, doubling each time, capped at
 * `maxMs`. One rule for every retry loop (platform connections, sends, scheduled deliveries), so they all
 * back off the same way and a cap is never forgotten.
 *
 * @example
 * backoffMs(1, { baseMs: 1000, maxMs: 60_000 }) // 1000
 * backoffMs(3, { baseMs: 1000, maxMs: 60_000 }) // 4000
 */
export function backoffMs(failures: number, limits: { baseMs: number; maxMs: number }): number {
  return Math.min(limits.maxMs, limits.baseMs * 2 ** Math.max(0, failures - 1));
}
