import { setTimeout as sleep } from 'node:timers/promises';
import { TelegramError } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import { z } from 'zod';
import type { Command } from '../../core/commands.js';
import type { Logger } from '../../core/logger.js';
import type { Locale } from '../../core/texts.js';
import { describeError, retryDelayMs, type BotApi } from './bot-api.js';
import type { BotIdentity } from './parse-update.js';

/** The updates the bot asks Telegram for; everything else is never delivered. */
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
// Long polling asks Telegram to hold the request this long when there is nothing to deliver.
const POLL_TIMEOUT_S = 50;
// A server that answers an empty long poll at once (a proxy, an emulator) would otherwise make the loop spin.
const EMPTY_POLL_PAUSE_MS = 200;
// getMe comes from whatever server TELEGRAM_API_ROOT names; the username ends up in a RegExp.
const MeSchema = z.object({ id: z.number(), username: z.string().regex(/^\w+$/) });

export interface ConnectionOptions {
  api: BotApi;
  /** Public https URL and secret when updates come by webhook; long polling otherwise. */
  webhook?: { url: string; secret: string };
  /** The commands for Telegram's command menu. */
  commands(): readonly Command[];
  log: Logger;
  /** A failure that does not heal by itself (a revoked token, another poller): the admins must hear of it. */
  onUnreachable(error: string): void;
  /** Called once connected, with getMe's answer (telegraf needs it as botInfo). */
  onConnected(info: UserFromGetMe): void;
  /** Takes one polled update for handling; must not wait for the answer. */
  dispatch(update: Update): void;
  /** Resolves when there is room for more updates (back-pressure for polling). */
  room(): Promise<void>;
}

/**
 * The bot's line to Telegram: getMe, the webhook switched on or off, the command menu, then (without a
 * webhook) long polling until stopped. Every failure is logged and retried with backoff; admins hear about
 * the ones that do not heal by themselves. The process never dies of Telegram.
 */
export class Connection {
  private me?: BotIdentity;
  private offset = 0;
  private failures = 0;
  private connected = false;
  private lastError?: string;
  private running?: Promise<void>;
  private markReady!: (me: BotIdentity | undefined) => void;
  /** Resolves with the bot's identity once connected, or with undefined if stopped before that. */
  readonly ready = new Promise<BotIdentity | undefined>((resolve) => (this.markReady = resolve));

  constructor(private readonly options: ConnectionOptions) {}

  get identity(): BotIdentity | undefined {
    return this.me;
  }

  /** Connects and polls in the background: a network outage at boot must not stop the other platforms. */
  start(): void {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.options.api.abortAll();
    this.markReady(undefined);
    await this.running;
    if (!this.options.webhook && this.me && this.offset) {
      // Confirms the updates handled so far, so the next start does not get them again.
      await this.options.api.call('getUpdates', { offset: this.offset, limit: 1, timeout: 0 }).catch(() => {});
    }
  }

  health() {
    return { up: this.connected, detail: this.lastError, mode: this.options.webhook ? 'webhook' : 'polling', bot: this.me?.username };
  }

  private async run(): Promise<void> {
    const signal = this.options.api.signal;
    while (!signal.aborted) {
      try {
        if (!this.me) await this.connect();
        if (this.options.webhook) return;
        await this.poll();
      } catch (err) {
        if (signal.aborted) return;
        await this.failed(err);
      }
    }
  }

  private async connect(): Promise<void> {
    const { api, webhook, log } = this.options;
    const info = await api.call('getMe', {}, true);
    const me = MeSchema.parse(info);
    if (webhook) {
      await api.call(
        'setWebhook',
        { url: webhook.url, secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false },
        true,
      );
    } else {
      // A webhook left over from an earlier run would make getUpdates fail with 409.
      await api.call('deleteWebhook', { drop_pending_updates: false }, true);
    }
    await this.registerCommands();
    this.options.onConnected(info);
    this.me = me;
    this.markReady(me);
    this.succeeded();
    log.info({ bot: me.username, mode: webhook ? 'webhook' : 'polling' }, 'telegram: connected');
  }

  // The command menu (/ in the client) in Chinese and English. Optional: a server that refuses
  // setMyCommands (telegram-test-api, an old self-hosted Bot API) only costs the menu.
  private async registerCommands(): Promise<void> {
    const commands = this.options.commands().filter(
      // /start is hidden from /help but belongs in Telegram's menu by convention.
      (c) => !c.admin && (!c.hidden || c.name === 'start') && /^[a-z0-9_]{1,32}$/.test(c.name),
    );
    if (!commands.length) return;
    const menus: [string | undefined, Locale][] = [
      [undefined, 'zh-CN'],
      ['zh', 'zh-CN'],
      ['en', 'en'],
    ];
    for (const [language, locale] of menus) {
      const list = commands.map((c) => ({ command: c.name, description: [...c.summary[locale]].slice(0, 256).join('') }));
      try {
        await this.options.api.call('setMyCommands', { commands: list, language_code: language }, true);
      } catch (err) {
        this.options.log.warn({ error: describeError(err) }, 'telegram: setMyCommands refused; the command menu is left as it was');
        return;
      }
    }
  }

  private async poll(): Promise<void> {
    const { api, dispatch, room } = this.options;
    while (!api.signal.aborted) {
      const asked = Date.now();
      const updates: Update[] = await api.call(
        'getUpdates',
        { offset: this.offset, timeout: POLL_TIMEOUT_S, allowed_updates: [...ALLOWED_UPDATES] },
        true,
      );
      this.succeeded();
      for (const update of updates) {
        // Advancing the offset confirms the update to Telegram, so each is handed over once.
        if (update.update_id < this.offset) continue;
        this.offset = update.update_id + 1;
        dispatch(update);
      }
      await room();
      if (!updates.length && Date.now() - asked < 1000) await sleep(EMPTY_POLL_PAUSE_MS, undefined, { signal: api.signal }).catch(() => {});
    }
  }

  private succeeded(): void {
    this.connected = true;
    this.failures = 0;
    this.lastError = undefined;
  }

  private async failed(err: unknown): Promise<void> {
    this.failures++;
    this.connected = false;
    this.lastError = describeError(err);
    const code = err instanceof TelegramError ? err.code : undefined;
    const retryAfter = err instanceof TelegramError ? err.parameters?.retry_after : undefined;
    const delayMs = retryAfter !== undefined ? retryAfter * 1000 : retryDelayMs(this.failures);
    this.options.log.error(
      { error: this.lastError, attempt: this.failures, retryInMs: delayMs },
      'telegram: cannot reach the Bot API; retrying',
    );
    // 401: the token was revoked; 409: another process polls with the same token. Neither heals by itself.
    if (this.failures === 3 || ((code === 401 || code === 409) && this.failures === 1)) {
      this.options.onUnreachable(this.lastError);
    }
    await sleep(delayMs, undefined, { signal: this.options.api.signal }).catch(() => {});
  }
}
