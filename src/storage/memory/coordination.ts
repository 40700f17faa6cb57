import { LeaseLostError, type JournalOptions, type Lease, type StoredJournal } from '../store.js';

/** Leases and claims that live in one process: all a store needs when no other process can share it. */
export class LocalCoordination {
  private readonly leases = new Map<string, { holder: string; expires: number }>();
  private readonly claims = new Map<string, number>();

  lease(name: string): Lease {
    return {
      acquire: async (holder, ttlMs) => {
        const now = Date.now();
        const held = this.leases.get(name);
        if (held && held.holder !== holder && held.expires > now) return false;
        this.leases.set(name, { holder, expires: now + ttlMs });
        return true;
      },
      release: async (holder) => {
        if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
      },
      current: async () => {
        const held = this.leases.get(name);
        return held && held.expires > Date.now() ? { holder: held.holder, expires: new Date(held.expires) } : undefined;
      },
    };
  }

  /** Whether `holder` holds the lease `name` now (a journal's guard). */
  holds(name: string, holder: string): boolean {
    const held = this.leases.get(name);
    return held?.holder === holder && held.expires > Date.now();
  }

  /** `journal` with its appends refused once `guard`'s lease is not held. */
  guarded<T>(journal: StoredJournal<T>, guard: JournalOptions['guard']): StoredJournal<T> {
    if (!guard) return journal;
    return {
      where: journal.where,
      each: (visit) => journal.each(visit),
      readAll: () => journal.readAll(),
      rewrite: (records) => journal.rewrite(records),
      append: (records, options) =>
        this.holds(guard.lease, guard.holder)
          ? journal.append(records, options)
          : Promise.reject(new LeaseLostError(guard.lease, guard.holder)),
    };
  }

  async claim(scope: string, id: string, keepMs = DEFAULT_CLAIM_KEEP_MS): Promise<boolean> {
    const now = Date.now();
    // Old claims are at the front (Map keeps insertion order): dropping expired ones from there keeps the map bounded.
    for (const [key, until] of this.claims) {
      if (until > now) break;
      this.claims.delete(key);
    }
    const key = `${scope}\u0000${id}`;
    if ((this.claims.get(key) ?? 0) > now) return false;
    this.claims.delete(key);
    this.claims.set(key, now + keepMs);
    return true;
  }
}

/** Telegram re-sends an unanswered update for up to 24 hours. */
export const DEFAULT_CLAIM_KEEP_MS = 24 * 3600_000;
