import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Adapter, AdapterHealth, AdapterHost, SendOptions, SendOutcome } from '../../core/adapter.js';
import type { SenderChecks } from '../../core/context.js';
import { userKey } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { ChatRef, Reply } from '../../core/message.js';
import { foldParts, isPartial } from '../../core/parts.js';
import { localeFor, TEXTS, type Locale } from '../../core/texts.js';
import { BotApi, describeError } from './bot-api.js';
import { CallbackCodec } from './callback-data.js';
import { Connection } from './connection.js';
import { GroupAdminCache } from './group-admin-cache.js';
import { chatIdOf, parseUpdate, type ParsedUpdate } from './parse-update.js';
import { renderHtml } from './render-html.js';
import { SendQueue, systemClock, type Clock, type OutgoingMessage, type RateLimits } from './send-queue.js';
import { deriveWebhookSecret, webhookHandler } from './webhook.js';

/** Settings of the Telegram adapter; the bot token and API root live in the Telegraf instance. */
export interface TelegramSettings {
  /** Public https URL Telegram posts updates to (TELEGRAM_WEBHOOK_URL); long polling when unset. */
  webhookUrl?: string;
  /** Secret Telegram sends back in a header with every update (TELEGRAM_WEBHOOK_SECRET); derived from the token when unset. */
  webhookSecret?: string;
  /** Longest 429 wait the send queue sits out, in seconds (TELEGRAM_MAX_RETRY_AFTER, default 300). */
  maxRetryAfterSeconds?: number;
  /** Outgoing limits, Telegram's published ones by default. */
  limits?: Partial<RateLimits>;
  /** The send queue's clock (tests). */
  clock?: Clock;
}

// Updates being handled at once before polling waits; each chat's updates run one after another.
const MAX_PENDING_UPDATES = 100;

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
  readonly platform = 'telegram' as const;
  private readonly codec: CallbackCodec;
  private readonly clock: Clock;
  private readonly api: BotApi;
  private readonly pending = new Set<Promise<void>>();
  private readonly chains = new Map<string, Promise<void>>();
  private host?: AdapterHost;
  private log?: Logger;
  private queue?: SendQueue;
  private admins?: GroupAdminCache;
  private connection?: Connection;

  constructor(
    private readonly telegraf: Telegraf,
    private readonly settings: TelegramSettings = {},
  ) {
    this.clock = settings.clock ?? systemClock;
    this.codec = new CallbackCodec({ now: () => this.clock.now() });
    this.api = new BotApi(telegraf);
  }

  async start(host: AdapterHost): Promise<void> {
    const log = host.log.child({ platform: 'telegram' });
    this.host = host;
    this.log = log;
    this.queue = new SendQueue({
      deliver: (message, asPlain) => this.deliver(message, asPlain),
      maxRetryAfterMs: (this.settings.maxRetryAfterSeconds ?? 300) * 1000,
      limits: this.settings.limits,
      clock: this.clock,
      log,
      onGone: (chatId, reason) => host.chats.setActive(userKey('telegram', chatId), false, reason, host.now()),
      onMigrate: (fromId, toId) => this.rekey(fromId, toId),
      onParked: (count, seconds) =>
        this.tellAdmins(`Telegram 限流：要求等待 ${seconds} 秒，超过上限（TELEGRAM_MAX_RETRY_AFTER），${count} 条消息未发送。之后的消息会照常发送。`),
    });
    this.admins = new GroupAdminCache(async (chatId, userId) => (await this.api.call('getChatMember', { chat_id: chatId, user_id: userId })).status, {
      log,
      now: () => this.clock.now(),
    });
    this.telegraf.use((ctx) => this.onUpdate(ctx.update));
    this.telegraf.catch((err, ctx) => this.onError(err, ctx.update));
    const { webhookUrl } = this.settings;
    const webhook = webhookUrl ? { url: webhookUrl, secret: this.settings.webhookSecret ?? deriveWebhookSecret(this.api.token) } : undefined;
    if (webhook) {
      if (!host.http) throw new Error("TELEGRAM_WEBHOOK_URL is set but BOT_HTTP_PORT is not: the webhook is served by the bot's HTTP server. Set BOT_HTTP_PORT, or unset TELEGRAM_WEBHOOK_URL for long polling.");
      host.http.route('POST', new URL(webhook.url).pathname, webhookHandler({ secret: webhook.secret, log, onUpdate: (update) => this.dispatch(update) }));
    }
    this.connection = new Connection({
      api: this.api,
      webhook,
      commands: () => host.commands?.() ?? [],
      log,
      tellAdmins: (text) => this.tellAdmins(text),
      onConnected: (info) => (this.telegraf.botInfo = info),
      dispatch: (update) => this.dispatch(update),
      room: async () => {
        while (this.pending.size >= MAX_PENDING_UPDATES) await Promise.race(this.pending);
      },
    });
    this.connection.start();
  }

  async stop(): Promise<void> {
    await this.connection?.stop();
    await Promise.allSettled([...this.pending]);
    await this.queue?.stop();
  }

  async send(chatId: string, reply: Reply, options: SendOptions = {}): Promise<SendOutcome> {
    if (!this.queue || !this.host) return { status: 'failed', reason: 'telegram is not started', retryable: true };
    const target = this.queue.resolveChatId(chatId);
    const known = this.host.chats.get(userKey('telegram', target));
    if (known && !known.active) return { status: 'gone', reason: known.inactiveReason ?? 'inactive' };
    return this.enqueue(target, reply, { fromPart: options.fromPart, thread: options.thread });
  }

  health(): AdapterHealth {
    return { ...(this.connection?.health() ?? { up: false }), queue: this.queue?.stats() };
  }

  private tellAdmins(text: string): void {
    this.host!.notifyAdmins(text).catch((err: unknown) => this.log!.error({ err }, 'telegram: cannot notify admins'));
  }

  // Runs an update through telegraf (the app's middleware, then ours). Updates of one chat run in order;
  // different chats do not wait for each other.
  private dispatch(update: unknown): void {
    const key = chatIdOf(update) ?? '';
    // A button tap is answered at once, not after the chat's earlier messages: the client's spinner times out.
    if ((update as { callback_query?: unknown }).callback_query) void this.connection!.ready.then(() => this.answerTap(update));
    // Updates wait for the first successful getMe (a webhook may deliver before it); after a stop they are dropped.
    const run = (this.chains.get(key) ?? this.connection!.ready)
      .then(() => (this.connection!.identity ? this.telegraf.handleUpdate(update as Update) : undefined))
      .catch((err: unknown) => this.onError(err, update));
    this.chains.set(key, run);
    this.pending.add(run);
    void run.finally(() => {
      this.pending.delete(run);
      if (this.chains.get(key) === run) this.chains.delete(key);
    });
  }

  private async onUpdate(update: unknown): Promise<void> {
    const host = this.host!;
    const me = this.connection!.identity;
    if (!me) return;
    const parsed = parseUpdate(update, me);
    switch (parsed.kind) {
      case 'message':
        return this.onMessage(parsed);
      case 'callback':
        return this.onCallback(parsed);
      case 'membership': {
        const key = userKey('telegram', parsed.chat.id);
        await host.chats.seen(parsed.chat, host.now());
        await host.chats.setActive(key, parsed.active, parsed.active ? undefined : parsed.reason, host.now());
        this.log!.info({ chat: key, active: parsed.active, reason: parsed.reason }, 'telegram: bot membership changed');
        return;
      }
      case 'migrate':
        this.queue!.redirect(parsed.fromId, parsed.toId);
        return this.rekey(parsed.fromId, parsed.toId, parsed.title);
      case 'joined': {
        const greeting = await host.welcome?.(parsed.chat, parsed.names);
        if (greeting) this.reply(parsed.chat, [greeting]);
        return;
      }
      case 'ignore':
        this.log!.debug({ update: (update as { update_id?: number }).update_id, reason: parsed.reason }, 'telegram: update ignored');
    }
  }

  private async onMessage({ message, messageId, userId, anonymousAdmin }: Extract<ParsedUpdate, { kind: 'message' }>): Promise<void> {
    const chatId = message.chat.id;
    const checks: SenderChecks = {
      // An anonymous admin writes as the group itself, which only admins can do.
      isGroupAdmin: async () => anonymousAdmin || (userId !== undefined && (await this.admins!.isAdmin(chatId, userId))),
    };
    const replies = await this.host!.handle(message, checks);
    this.reply(message.chat, replies, messageId, message.sender.language, message.thread);
  }

  private async onCallback(query: Extract<ParsedUpdate, { kind: 'callback' }>): Promise<void> {
    const action = this.codec.decode(query.data);
    // dispatch() answered the tap already (answerTap), with "expired" when there is nothing to do.
    if (!action || !query.chat) return;
    const chat = query.chat;
    const replies = await this.host!.handle(
      { id: query.updateId, chat, sender: query.sender, text: action, replyToBot: true, thread: query.thread, at: this.host!.now() },
      { isGroupAdmin: () => this.admins!.isAdmin(chat.id, query.userId) },
    );
    this.reply(chat, replies, query.messageId, query.sender.language, query.thread);
  }

  private async answerTap(update: unknown): Promise<void> {
    const me = this.connection!.identity;
    if (!me) return;
    const query = parseUpdate(update, me);
    if (query.kind !== 'callback') return;
    const usable = this.codec.decode(query.data) && query.chat;
    await this.answerCallback(query.queryId, usable ? undefined : TEXTS[this.localeOf(query.sender.language)].expired);
  }

  private async answerCallback(queryId: string, text?: string): Promise<void> {
    await this.api
      .call('answerCallbackQuery', { callback_query_id: queryId, text })
      .catch((err: unknown) => this.log!.warn({ error: describeError(err) }, 'telegram: answerCallbackQuery failed'));
  }

  // Replies are queued, not awaited: a rate-limit pause must not hold up reading the next updates.
  // `thread`: the forum topic asked in; every part and the buttons go there, not to General.
  private reply(chat: ChatRef, replies: Reply[], replyTo?: number, language?: string, thread?: string): void {
    for (const reply of replies) {
      const threaded = chat.kind === 'group' && reply.mentionSender ? replyTo : undefined;
      this.enqueue(chat.id, reply, { replyTo: threaded, thread })
        .then((outcome) => {
          if (outcome.status === 'sent') return;
          this.log!.warn({ chat: userKey('telegram', chat.id), outcome }, 'telegram: reply not delivered');
          // A long answer that stopped part-way says so, rather than ending mid-sentence without a word.
          if (isPartial(outcome)) return this.enqueue(chat.id, { text: TEXTS[this.localeOf(language)].partLost }, { thread });
        })
        .catch((err: unknown) => this.log!.error({ err, chat: userKey('telegram', chat.id) }, 'telegram: cannot queue a reply'));
    }
  }

  private localeOf(language: string | undefined): Locale {
    return localeFor(language, this.host!.locale);
  }

  private async enqueue(chatId: string, reply: Reply, options: { replyTo?: number; fromPart?: number; thread?: string } = {}): Promise<SendOutcome> {
    const { chunks, keyboard } = renderHtml(reply, (action) => this.codec.encode(action));
    const last = chunks.length - 1;
    const from = Math.min(options.fromPart ?? 0, chunks.length);
    const threadId = options.thread === undefined ? undefined : Number(options.thread);
    const messages = chunks.map((chunk, i) => ({ chatId, ...chunk, threadId, replyTo: i === 0 ? options.replyTo : undefined, keyboard: i === last ? keyboard : undefined }));
    const outcomes = await Promise.all(this.queue!.enqueueParts(messages.slice(from)));
    return foldParts(outcomes, from, chunks.length);
  }

  private async deliver(message: OutgoingMessage, asPlain: boolean): Promise<number> {
    const sent = await this.api.call('sendMessage', {
      chat_id: message.chatId,
      text: asPlain ? message.plain : message.html,
      parse_mode: asPlain ? undefined : 'HTML',
      reply_markup: message.keyboard,
      message_thread_id: message.threadId,
      reply_parameters: message.replyTo === undefined ? undefined : { message_id: message.replyTo, allow_sending_without_reply: true },
      link_preview_options: { is_disabled: true },
    });
    return sent.message_id;
  }

  // A group became a supergroup: its stored id moves, and with it everything keyed by the chat.
  private async rekey(fromId: string, toId: string, title?: string): Promise<void> {
    const host = this.host!;
    const oldKey = userKey('telegram', fromId);
    const known = host.chats.get(oldKey);
    if (!known) return;
    await host.chats.rekey(oldKey, { platform: 'telegram', id: toId, kind: 'group', title: title ?? known.title }, host.now());
    this.log!.info({ from: oldKey, to: userKey('telegram', toId) }, 'telegram: group migrated to a supergroup');
  }

  // The last line of defence for an update: log it with its id, apologise to the person if there is one.
  // Only reached once start() has set the host and log (telegraf's catch and dispatch are set up there).
  private async onError(err: unknown, update: unknown): Promise<void> {
    const log = this.log!;
    const updateId = (update as { update_id?: unknown } | undefined)?.update_id;
    log.error({ err, update: updateId }, 'telegram: update handling failed');
    try {
      const me = this.connection?.identity;
      if (!me) return;
      const parsed = parseUpdate(update, me);
      if (parsed.kind === 'message') {
        const { chat, sender, thread } = parsed.message;
        this.reply(chat, [{ text: TEXTS[this.localeOf(sender.language)].apology, mentionSender: true }], parsed.messageId, sender.language, thread);
      }
      // The tap itself was answered on arrival (answerTap); the apology goes to the chat.
      if (parsed.kind === 'callback' && parsed.chat) this.reply(parsed.chat, [{ text: TEXTS[this.localeOf(parsed.sender.language)].apology }], undefined, parsed.sender.language, parsed.thread);
    } catch (again) {
      log.error({ err: again, update: updateId }, 'telegram: cannot apologise for a failed update');
    }
  }
}
