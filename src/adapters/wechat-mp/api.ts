import { z } from 'zod';
import { backoffMs } from '../../core/backoff.js';
import type { Logger } from '../../core/logger.js';

/** The real API; WECHAT_MP_API_ROOT points the adapter elsewhere (a proxy, the tests' fake). */
export const DEFAULT_API_ROOT = 'https://api.weixin.qq.com';

const TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const ResultSchema = z.object({ errcode: z.number().default(0), errmsg: z.string().default('') }).loose();
export type ApiResult = z.infer<typeof ResultSchema>;

/** Error codes that mean the access token is no longer good: fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Busy or over a frequency limit: wait and try again (−1 system busy, 45009 daily API limit, 45047 and 45011 frequency). */
const BUSY_ERRORS = new Set([-1, 45009, 45011, 45047]);
// A token is taken as expired this long before WeChat's expires_in, so a call never races its expiry.
const TOKEN_MARGIN_MS = 5 * 60_000;

export interface MpApiOptions {
  apiRoot: string;
  appId: string;
  appSecret: string;
  log: Logger;
  now: () => number;
  /** First wait after a busy answer; doubles per try (tests set it small). */
  retryBaseMs?: number;
  /** How many busy answers in a row before the call is given up. */
  maxBusyTries?: number;
  /** Per request: a hung connection must not hold a follower's replies. */
  timeoutMs?: number;
}

/**
 * The Official Account's server API: one access token for the whole process, fetched when first needed, kept
 * until shortly before it expires, fetched again at once when WeChat says it is invalid or expired.
 */
export class MpApi {
  private token?: { value: string; until: number };
  private fetching?: Promise<string>;

  constructor(private readonly o: MpApiOptions) {}

  /** Sends a customer-service text message (客服消息) to a follower. */
  sendText(openId: string, content: string): Promise<ApiResult> {
    return this.call('/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
  }

  /** Replaces the account's custom menu. */
  createMenu(menu: unknown): Promise<ApiResult> {
    return this.call('/cgi-bin/menu/create', menu);
  }

  /** Whether a token is held now (for /healthz). */
  hasToken(): boolean {
    return !!this.token && this.token.until > this.o.now();
  }

  private async call(path: string, body: unknown): Promise<ApiResult> {
    let refreshed = false;
    for (let busy = 0; ;) {
      const token = await this.accessToken();
      const result = await this.post(`${path}?access_token=${encodeURIComponent(token)}`, body);
      if (TOKEN_ERRORS.has(result.errcode) && !refreshed) {
        this.o.log.info({ errcode: result.errcode }, 'wechat-mp: access token refused; fetching a new one');
        if (this.token?.value === token) this.token = undefined;
        refreshed = true;
        continue;
      }
      if (BUSY_ERRORS.has(result.errcode) && ++busy < (this.o.maxBusyTries ?? 4)) {
        const wait = backoffMs(busy, { baseMs: this.o.retryBaseMs ?? 1000, maxMs: 30_000 });
        this.o.log.warn({ errcode: result.errcode, wait }, 'wechat-mp: busy or rate-limited; waiting before trying again');
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      return result;
    }
  }

  private accessToken(): Promise<string> {
    if (this.token && this.token.until > this.o.now()) return Promise.resolve(this.token.value);
    // One fetch at a time: WeChat invalidates the previous token on every fetch.
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const { apiRoot, appId, appSecret } = this.o;
    const url = `${apiRoot}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`;
    const json = await this.request(url, { method: 'GET' });
    const parsed = TokenSchema.safeParse(json);
    if (!parsed.success) {
      const error = ResultSchema.safeParse(json);
      throw new Error(
        `access token refused (${error.success ? `${error.data.errcode} ${error.data.errmsg}` : 'not a token answer'}): check WECHAT_MP_APP_ID, WECHAT_MP_APP_SECRET and the IP whitelist`,
      );
    }
    const lifetime = parsed.data.expires_in * 1000;
    this.token = { value: parsed.data.access_token, until: this.o.now() + Math.max(lifetime - TOKEN_MARGIN_MS, lifetime / 2) };
    return this.token.value;
  }

  private async post(pathAndQuery: string, body: unknown): Promise<ApiResult> {
    const json = await this.request(`${this.o.apiRoot}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      // WeChat wants Chinese as it is, not as \u escapes (documented for menus and messages).
      body: JSON.stringify(body),
    });
    const parsed = ResultSchema.safeParse(json);
    return parsed.success ? parsed.data : { errcode: -2, errmsg: 'not an API answer' };
  }

  private async request(url: string, init: RequestInit): Promise<unknown> {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000) });
    return response.json() as Promise<unknown>;
  }
}
