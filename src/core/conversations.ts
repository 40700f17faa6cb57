import type { QuickReply, Suggestion } from './message.js';

/** Short-lived state of one person in one chat: the choices last offered, and a multi-step flow if any. */
export interface ConversationState {
  suggestions?: Suggestion[];
  /** The words the last reply accepts as an answer to itself (有用, 没用). */
  quickReplies?: QuickReply[];
  /** A multi-step flow in progress: which feature owns it, and what it has gathered so far. */
  flow?: { name: string; data: Record<string, unknown> };
  expiresAt: number;
}

/**
 * In-memory, per chat and per person, with expiry. Kept out of storage on purpose: it is worth nothing after
 * a few minutes, and writing it would put a file write on every message.
 */
export class Conversations {
  private readonly states = new Map<string, ConversationState>();

  constructor(private readonly ttlMs = 5 * 60_000) {}

  get(key: string, now: number): ConversationState | undefined {
    const state = this.states.get(key);
    if (state && state.expiresAt <= now) {
      this.states.delete(key);
      return undefined;
    }
    return state;
  }

  set(key: string, state: Omit<ConversationState, 'expiresAt'>, now: number, ttlMs = this.ttlMs): void {
    this.states.set(key, { ...state, expiresAt: now + ttlMs });
    if (this.states.size > 50_000) this.sweep(now);
  }

  delete(key: string): void {
    this.states.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, state] of this.states) if (state.expiresAt <= now) this.states.delete(key);
  }
}
