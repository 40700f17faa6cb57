import type { Telegraf } from 'telegraf';
import type { Adapter, AdapterHealth, AdapterHost, SendOptions, SendOutcome } from '../../core/adapter.js';
import type { Reply } from '../../core/message.js';
import { BotApi } from './bot-api.js';
import { CallbackCodec } from './callback-data.js';
import { systemClock } from './send-queue.js';
import { TelegramSession, type SessionParts, type TelegramSettings } from './session.js';

export type { TelegramSettings };

/**
 * Telegram on telegraf 4. Long polling by default, a webhook on the bot's HTTP server when `webhookUrl` is
 * set. Turns updates into IncomingMessage (parse-update.ts), replies into HTML with inline buttons
 * (render-html.ts), and sends everything through one rate-limited queue (send-queue.ts). Middleware the
 * embedding app registered on the Telegraf instance runs before the adapter's; the adapter takes over
 * telegraf's `catch`, so a throwing middleware costs the user an apology, never the process.
 *
 * @example
 * const telegraf = new Telegraf(token, { telegram: { apiRoot: 'http://127.0.0.1:8081' } });
 * const bot = createBot({ dataDir, knowledgeDir, telegraf });
 */
export class TelegramAdapter implements Adapter {
  readonly platform = 'telegram';
  readonly label = { 'zh-CN': 'Telegram', en: 'Telegram' };
  // The send queue paces per chat and overall; 8 in flight keeps it busy without many unknowns after a crash.
  readonly sendWindow = 8;
  private readonly parts: SessionParts;
  /** Everything that exists only while the adapter runs (session.ts). */
  private session?: TelegramSession;

  constructor(telegraf: Telegraf, settings: TelegramSettings = {}) {
    const clock = settings.clock ?? systemClock;
    this.parts = { telegraf, settings, clock, api: new BotApi(telegraf), codec: new CallbackCodec({ now: () => clock.now() }) };
  }

  async start(host: AdapterHost): Promise<void> {
    this.session = new TelegramSession(this.parts, host);
    this.session.start();
  }

  async stop(): Promise<void> {
    await this.session?.stop();
  }

  async send(chatId: string, reply: Reply, options?: SendOptions): Promise<SendOutcome> {
    return this.session
      ? this.session.send(chatId, reply, options)
      : { status: 'failed', reason: 'telegram is not started', retryable: true };
  }

  health(): AdapterHealth {
    return this.session?.health() ?? { up: false };
  }
}
