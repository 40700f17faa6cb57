import { randomBytes } from 'node:crypto';

/** Telegram rejects a button whose callback_data is longer than this many bytes (UTF-8). */
export const MAX_CALLBACK_BYTES = 64;

const DIRECT = 'a:';
const TOKEN = 't:';

export interface CallbackCodecOptions {
  /** How long a token for a long action stays valid (default one day, like a chat's attention span). */
  ttlMs?: number;
  /** Tokens kept at most; the oldest go first (default 10,000). */
  maxTokens?: number;
  now?: () => number;
}

/**
 * Turns a suggestion's action (a command line such as `/answer food-sc-license`) into callback data and back.
 * Actions that fit travel inside the button itself, so they survive restarts; longer ones get a short random
 * token remembered in memory until it expires. Anything else (an expired token, data forged by a client)
 * decodes to undefined, and the caller answers it politely.
 *
 * @example
 * const codec = new CallbackCodec();
 * codec.decode(codec.encode('/answer food-sc-license')); // '/answer food-sc-license'
 */
export class CallbackCodec {
  private readonly tokens = new Map<string, { action: string; expires: number }>();
  private readonly ttlMs: number;
  private readonly maxTokens: number;
  private readonly now: () => number;

  constructor(options: CallbackCodecOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.maxTokens = options.maxTokens ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  encode(action: string): string {
    const direct = DIRECT + action;
    if (Buffer.byteLength(direct, 'utf8') <= MAX_CALLBACK_BYTES) return direct;
    const now = this.now();
    const token = randomBytes(9).toString('base64url');
    this.tokens.set(token, { action, expires: now + this.ttlMs });
    // Insertion order is expiry order, so expired and surplus tokens are all at the front.
    for (const [key, { expires }] of this.tokens) {
      if (this.tokens.size <= this.maxTokens && expires > now) break;
      this.tokens.delete(key);
    }
    return TOKEN + token;
  }

  /** The action behind callback data, or undefined when it expired or was never ours. */
  decode(data: string | undefined): string | undefined {
    if (!data) return undefined;
    if (data.startsWith(DIRECT)) return data.slice(DIRECT.length) || undefined;
    if (!data.startsWith(TOKEN)) return undefined;
    const key = data.slice(TOKEN.length);
    const found = this.tokens.get(key);
    if (!found) return undefined;
    if (found.expires <= this.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return found.action;
  }
}
