import { TelegramError, type Telegraf } from 'telegraf';
import type { Telegram as ApiMethods, Opts } from 'telegraf/types';

import { backoffMs } from '../../core/backoff.js';

type CallOptions = NonNullable<Parameters<Telegraf['telegram']['callApi']>[2]>;

/** A short, token-free description of a failed API call for logs and admin notices. */
export function describeError(err: unknown): string {
  if (err instanceof TelegramError) return `${err.code}: ${err.description}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

// Errors of a connection that was never made: the request cannot have reached Telegram, so trying again is safe.
const NEVER_LEFT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * True when a failed call certainly did not reach Telegram (no connection was made). Anything else without a
 * Bot API answer below 500 (a reset, a timeout, a 5xx from Telegram's front) may have been carried out.
 */
export function neverLeft(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NEVER_LEFT.has(code);
}

/** How long one Bot API call may take before it is abandoned (telegraf's own limit is 500 s). */
export const CALL_TIMEOUT_MS = 20_000;

/** The wait before retrying a Bot API call (polling or sending) after `failures` failures in a row: 1 s doubling to 1 min. */
export function retryDelayMs(failures: number): number {
  return backoffMs(failures, { baseMs: 1000, maxMs: 60_000 });
}

/**
 * The Bot API as the adapter calls it: every method through telegraf's client, so the apiRoot (a
 * self-hosted server, an emulator) and the agent of the app's Telegraf instance apply.
 */
export class BotApi {
  private readonly abort = new AbortController();

  /** `timeoutMs`: each call's limit, on top of a long poll's own `timeout`; a call past it fails with an AbortError. */
  constructor(
    private readonly telegraf: Telegraf,
    private readonly timeoutMs = CALL_TIMEOUT_MS,
  ) {}

  get token(): string {
    return this.telegraf.telegram.token;
  }

  /**
   * Calls one method. `abortable` calls (long polls, connecting) end when `abortAll()` is called. Error
   * messages lose the token: node-fetch puts the request URL into some (e.g. for a body that is not JSON).
   */
  call<M extends keyof ApiMethods>(method: M, payload: Opts<M>, abortable = false): Promise<ReturnType<ApiMethods[M]>> {
    // A stalled connection would otherwise hold a chat's queue for telegraf's 500 s.
    const longPoll = 'timeout' in payload && typeof payload.timeout === 'number' ? payload.timeout * 1000 : 0;
    const limit = AbortSignal.timeout(this.timeoutMs + longPoll);
    const signal = abortable ? AbortSignal.any([this.abort.signal, limit]) : limit;
    // telegraf types its signal with the abort-controller polyfill; node-fetch accepts the built-in one.
    const options = { signal: signal as unknown as CallOptions['signal'] };
    return this.telegraf.telegram.callApi(method, payload, options).catch((err: unknown) => {
      if (err instanceof Error && !(err instanceof TelegramError)) {
        err.message = err.message.split(this.token).join('[token]');
        err.stack = err.stack?.split(this.token).join('[token]');
      }
      throw err;
    });
  }

  abortAll(): void {
    this.abort.abort();
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}
