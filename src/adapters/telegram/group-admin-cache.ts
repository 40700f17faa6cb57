import type { Logger } from '../../core/logger.js';

/** Asks Telegram for a member's status in a chat (getChatMember), e.g. 'creator', 'administrator', 'member'. */
export type MemberStatusLookup = (chatId: string, userId: number) => Promise<string>;

export interface GroupAdminCacheOptions {
  /** How long an answer is trusted (default five minutes: a demoted admin loses rights soon enough). */
  ttlMs?: number;
  now?: () => number;
  log: Logger;
}

/**
 * Answers "is this user an admin of this group" from getChatMember, remembering each answer for a few
 * minutes so a busy group does not cost one API call per command. A failed lookup (network, the bot not in
 * the group, a server without getChatMember) is "no" and is not remembered, so the next try asks again.
 */
export class GroupAdminCache {
  private readonly answers = new Map<string, { admin: boolean; expires: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly lookup: MemberStatusLookup,
    private readonly options: GroupAdminCacheOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  async isAdmin(chatId: string, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const now = this.now();
    const known = this.answers.get(key);
    if (known && known.expires > now) return known.admin;
    let status: string;
    try {
      status = await this.lookup(chatId, userId);
    } catch (err) {
      this.options.log.warn({ err, chat: chatId, user: userId }, 'telegram: cannot check group admin status; treating as not an admin');
      return false;
    }
    const admin = status === 'creator' || status === 'administrator';
    this.answers.delete(key);
    this.answers.set(key, { admin, expires: now + this.ttlMs });
    // Insertion order is expiry order: drop what has expired from the front.
    for (const [k, { expires }] of this.answers) {
      if (expires > now) break;
      this.answers.delete(k);
    }
    return admin;
  }
}
