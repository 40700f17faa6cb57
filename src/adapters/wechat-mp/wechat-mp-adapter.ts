import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Adapter, AdapterHealth, AdapterHost, SendOptions, SendOutcome } from '../../core/adapter.js';
import type { Logger } from '../../core/logger.js';
import { foldParts } from '../../core/parts.js';
import type { Reply } from '../../core/message.js';
import { readBody } from '../../http/read-body.js';
import { RecentIds } from '../recent-ids.js';
import { renderWechat } from '../wechat/render-reply.js';
import { DEFAULT_API_ROOT, MpApi, type ApiResult } from './api.js';
import { openCallback, passiveText, verifyEcho, type CallbackKeys, type CallbackQuery } from './callback.js';
import { aesKeyOf } from './crypto.js';
import { parseInbound, type MpInbound } from './parse-message.js';

/** Settings of the Official Account adapter (WECHAT_MP_*). */
export interface WechatMpSettings {
  appId: string;
  appSecret: string;
  /** The Token of 服务器配置, which signs every callback. */
  token: string;
  /** EncodingAESKey (43 characters) for safe and compatible mode; plain-text mode without it. */
  aesKey?: string;
  apiRoot?: string;
  /** Path of the callback URL on the bot's HTTP server. */
  path?: string;
  /** How long a callback waits for the answer before answering `success` and sending it as a customer-service message. */
  replyBudgetMs?: number;
  /** First wait after a busy or rate-limited API answer (doubles). */
  retryBaseMs?: number;
}

export const DEFAULT_MP_PATH = '/wechat-mp';
// WeChat gives up on a callback after 5 s and tries again; answering within 4 s leaves room for the network.
const DEFAULT_REPLY_BUDGET_MS = 4000;
// Text messages may carry 2,048 bytes of UTF-8; 600 UTF-16 units are at most 1,800 bytes.
const MAX_MESSAGE_LENGTH = 600;
const MAX_BODY_BYTES = 64 * 1024;

/** The menu keys `npm run -s mp:menu` installs, and the command each one runs. */
export const MENU_COMMANDS = new Map([
  ['EVENTS', '/events'],
  ['SUBSCRIBE', '/subscribe'],
  ['HELP', '/help'],
]);

/** The outcome of a customer-service send, by WeChat's error code. */
function outcomeOf(result: ApiResult): SendOutcome {
  if (result.errcode === 0) return { status: 'sent' };
  const reason = `${result.errcode} ${result.errmsg}`.trim();
  // 45015: the follower has not written in 48 hours; WeChat allows no message until they do.
  if (result.errcode === 45015) return { status: 'skipped', reason: `outside the 48-hour window (${reason})` };
  // 43004: no longer a follower; 40003: no such OpenID for this account.
  if (result.errcode === 43004 || result.errcode === 40003) return { status: 'gone', reason };
  return {
    status: 'failed',
    reason,
    retryable: result.errcode < 0 || result.errcode >= 45000 || result.errcode === 40001 || result.errcode === 42001,
  };
}

/** One callback's fate: the body it was answered with, or how to give up waiting while it is still undecided. */
interface Attempt {
  body?: string;
  giveUp?: () => void;
}

interface Started {
  host: AdapterHost;
  log: Logger;
  api: MpApi;
  keys: CallbackKeys;
  /** Callbacks by MsgId (or sender + time for events), with how each was answered. */
  seen: RecentIds<string, Attempt>;
  /** One chain per follower: their messages are answered, and pushes sent, in order. */
  chains: Map<string, Promise<unknown>>;
  lastCallback?: string;
}

/**
 * The centre's WeChat Official Account (公众号) through its official message API: WeChat calls our callback
 * URL with each follower's message; the answer goes back in the HTTP response when it is ready within WeChat's
 * 5 seconds, else as a customer-service message. Pushes (announcements, reminders) are customer-service messages,
 * which WeChat allows for 48 hours after the follower's last message. No account can be banned for this.
 *
 * @example
 * createBot({ ..., httpPort: 8080, adapters: [new WechatMpAdapter({ appId, appSecret, token, aesKey })] })
 */
export class WechatMpAdapter implements Adapter {
  readonly platform = 'wechat-mp';
  readonly label = { 'zh-CN': '公众号', en: 'WeChat Official Account' };
  private started?: Started;

  constructor(private readonly settings: WechatMpSettings) {}

  async start(host: AdapterHost): Promise<void> {
    if (!host.http) throw new Error('the Official Account adapter needs the HTTP server: set BOT_HTTP_PORT');
    const { settings } = this;
    const log = host.log.child({ adapter: 'wechat-mp' });
    const started: Started = {
      host,
      log,
      api: WechatMpAdapter.api(settings, log),
      keys: { token: settings.token, appId: settings.appId, aesKey: settings.aesKey ? aesKeyOf(settings.aesKey) : undefined },
      seen: new RecentIds<string, Attempt>(),
      chains: new Map(),
    };
    this.started = started;
    const path = settings.path ?? DEFAULT_MP_PATH;
    host.http.route('GET', path, (req, res) => this.onVerify(started, req, res));
    host.http.route('POST', path, (req, res) => this.onCallback(started, req, res));
    log.info({ path, mode: started.keys.aesKey ? 'safe' : 'plain' }, 'wechat-mp: callback ready');
  }

  async stop(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    if (started) await Promise.allSettled([...started.chains.values()]);
  }

  async send(chatId: string, reply: Reply, options: SendOptions = {}): Promise<SendOutcome> {
    const started = this.started;
    if (!started) return { status: 'failed', reason: 'wechat-mp is not running', retryable: true };
    return this.chain(started, chatId, () =>
      this.sendParts(started, chatId, renderWechat(reply, started.host.locale, MAX_MESSAGE_LENGTH), options.fromPart),
    );
  }

  health(): AdapterHealth {
    const started = this.started;
    if (!started) return { up: false };
    return { up: true, mode: started.keys.aesKey ? 'safe' : 'plain', token: started.api.hasToken(), lastCallback: started.lastCallback };
  }

  /** The API client with these settings (the adapter's, and `npm run -s mp:menu`'s). */
  static api(settings: WechatMpSettings, log: Logger): MpApi {
    return new MpApi({
      apiRoot: settings.apiRoot ?? DEFAULT_API_ROOT,
      appId: settings.appId,
      appSecret: settings.appSecret,
      log,
      now: () => Date.now(),
      retryBaseMs: settings.retryBaseMs,
    });
  }

  private onVerify(started: Started, req: IncomingMessage, res: ServerResponse): void {
    const echo = verifyEcho(started.keys, queryOf(req));
    if (echo === undefined) {
      started.log.warn(
        { from: req.socket.remoteAddress },
        'wechat-mp: verification with a wrong signature refused (check WECHAT_MP_TOKEN)',
      );
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(echo);
  }

  private async onCallback(started: Started, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) {
      res.writeHead(413).end();
      return;
    }
    const opened = openCallback(started.keys, queryOf(req), body.toString('utf8'));
    if (!opened.ok) {
      started.log.warn({ from: req.socket.remoteAddress, why: opened.why }, 'wechat-mp: callback refused');
      res.writeHead(opened.status).end();
      return;
    }
    const inbound = parseInbound(opened.fields);
    if (!inbound) {
      res.writeHead(400).end();
      return;
    }
    started.lastCallback = new Date().toISOString();
    const attempt: Attempt = {};
    if (!started.seen.add(inbound.dedupKey, attempt)) return this.onRepeat(started, inbound, res);
    const budget = this.settings.replyBudgetMs ?? DEFAULT_REPLY_BUDGET_MS;
    // Whichever comes first, the answer or the budget's end, decides (synchronously, so never both) whether
    // the first part goes back in this response or everything goes as customer-service messages.
    let state: 'waiting' | 'passive' | 'late' = 'waiting';
    let responded!: () => void;
    const answered = new Promise<void>((resolve) => (responded = resolve));
    const parts = await new Promise<string[] | undefined>((resolve) => {
      attempt.giveUp = () => {
        if (state !== 'waiting') return;
        state = 'late';
        clearTimeout(timer);
        resolve(undefined);
      };
      const timer = setTimeout(attempt.giveUp, budget);
      void this.chain(started, inbound.openId, async () => {
        const all = await this.react(started, inbound);
        if (state === 'waiting') {
          state = 'passive';
          clearTimeout(timer);
          resolve(all);
          // The rest after the passive reply, once that reply has left.
          await answered;
          if (all.length > 1) await this.sendParts(started, inbound.openId, all.slice(1));
        } else if (all.length) await this.sendParts(started, inbound.openId, all);
      });
    });
    attempt.giveUp = undefined;
    const first = parts?.[0];
    attempt.body = first === undefined ? SUCCESS : passiveText(started.keys, inbound, first, new Date(), opened.encrypted);
    respond(res, attempt.body);
    responded();
  }

  // WeChat tries again only when it got no answer to the first try in 5 seconds: a passive reply given then was
  // lost and is given again; an answer still being worked on goes out as a customer-service message instead.
  private onRepeat(started: Started, inbound: MpInbound, res: ServerResponse): void {
    const attempt = started.seen.get(inbound.dedupKey);
    started.log.debug({ key: inbound.dedupKey, answered: !!attempt?.body }, 'wechat-mp: repeated callback');
    attempt?.giveUp?.();
    respond(res, attempt?.body ?? SUCCESS);
  }

  /** Runs what a follower did through the bot; resolves with the text messages to show them. Never throws. */
  private async react(started: Started, inbound: MpInbound): Promise<string[]> {
    const { host } = started;
    if (inbound.kind === 'unsubscribe') {
      await host
        .chatGone(inbound.openId, 'unfollowed')
        .catch((err: unknown) => started.log.error({ err }, 'wechat-mp: unfollow not recorded'));
      return [];
    }
    if (inbound.kind === 'other') {
      started.log.debug({ what: inbound.what }, 'wechat-mp: message type not handled');
      return [];
    }
    const text = textOf(inbound);
    const replies = await host.handle({
      id: inbound.dedupKey,
      chat: { platform: 'wechat-mp', id: inbound.openId, kind: 'private' },
      sender: { id: inbound.openId, name: '' },
      text,
      at: new Date(inbound.createTime * 1000),
    });
    return replies.flatMap((reply) => renderWechat(reply, host.locale, MAX_MESSAGE_LENGTH));
  }

  // A part that fails after earlier ones went out is not retried as a whole (the follower would read the first
  // parts twice): it is reported failed, not retryable, naming how far it got.
  /** Sends `parts` from `fromPart` on, one after another, stopping at the first not sent (no hole). */
  private async sendParts(started: Started, openId: string, parts: string[], fromPart = 0): Promise<SendOutcome> {
    const from = Math.min(fromPart, parts.length);
    const outcomes: SendOutcome[] = [];
    for (const [i, part] of parts.entries()) {
      if (i < from) continue;
      let outcome: SendOutcome;
      try {
        outcome = outcomeOf(await started.api.sendText(openId, part));
      } catch (err) {
        outcome = { status: 'failed', reason: err instanceof Error ? err.message : String(err), retryable: true };
      }
      outcomes.push(outcome);
      if (outcome.status === 'sent') continue;
      started.log.warn({ openId, part: i + 1, of: parts.length, outcome }, 'wechat-mp: customer-service message not sent');
      break;
    }
    return foldParts(outcomes, from, parts.length);
  }

  private chain<T>(started: Started, openId: string, task: () => Promise<T>): Promise<T> {
    const run = (started.chains.get(openId) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    started.chains.set(openId, tail);
    void tail.then(() => {
      if (started.chains.get(openId) === tail) started.chains.delete(openId);
    });
    return run;
  }
}

// A follow is greeted with what the bot does; a menu click runs its command as if typed.
function textOf(inbound: Exclude<MpInbound, { kind: 'unsubscribe' | 'other' }>): string {
  if (inbound.kind === 'text') return inbound.text;
  if (inbound.kind === 'click') return MENU_COMMANDS.get(inbound.key) ?? '/help';
  return '/start';
}

function queryOf(req: IncomingMessage): CallbackQuery {
  return Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams) as CallbackQuery;
}

// WeChat reads `success` (or an empty body) as "received, nothing to show".
const SUCCESS = 'success';

function respond(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': body === SUCCESS ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8' }).end(body);
}
