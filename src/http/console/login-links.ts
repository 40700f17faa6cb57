import { randomBytes } from 'node:crypto';

const LINK_MS = 10 * 60_000;
export const SESSION_MS = 12 * 3600_000;

interface Grant {
  admin: string;
  until: number;
}

/**
 * One-time login links and the sessions they open, in memory: a restart logs everyone out, which is the safe
 * side for a console reached by a link from a chat. A link works once, for 10 minutes, for the admin it was
 * made for; a session lasts 12 hours and ends at once when its admin is no longer in BOT_ADMINS.
 */
export class ConsoleAccess {
  private readonly links = new Map<string, Grant>();
  private readonly sessions = new Map<string, Grant>();

  constructor(private readonly now: () => number) {}

  /** A new login token for `admin` (a `platform:id` key). */
  issue(admin: string): string {
    this.sweep();
    const token = randomBytes(24).toString('base64url');
    this.links.set(token, { admin, until: this.now() + LINK_MS });
    return token;
  }

  /** Trades a login token for a session id; undefined when the token is unknown, used or stale. */
  redeem(token: string): { session: string; admin: string } | undefined {
    const grant = this.links.get(token);
    this.links.delete(token);
    if (!grant || grant.until < this.now()) return undefined;
    const session = randomBytes(24).toString('base64url');
    this.sessions.set(session, { admin: grant.admin, until: this.now() + SESSION_MS });
    return { session, admin: grant.admin };
  }

  /** The admin of a live session, checked against who is an admin now. */
  admin(session: string | undefined, isAdmin: (key: string) => boolean): string | undefined {
    const grant = session ? this.sessions.get(session) : undefined;
    if (!grant) return undefined;
    if (grant.until < this.now() || !isAdmin(grant.admin)) {
      this.sessions.delete(session!);
      return undefined;
    }
    return grant.admin;
  }

  end(session: string | undefined): void {
    if (session) this.sessions.delete(session);
  }

  private sweep(): void {
    const t = this.now();
    for (const [key, grant] of this.links) if (grant.until < t) this.links.delete(key);
    for (const [key, grant] of this.sessions) if (grant.until < t) this.sessions.delete(key);
  }
}
