import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { AdapterHealth, AdapterHost, SendOptions, SendOutcome } from '../../core/adapter.js';
import type { SenderChecks } from '../../core/context.js';
import type { Logger } from '../../core/logger.js';
import type { ChatRef, Reply } from '../../core/message.js';
import { foldParts, isPartial } from '../../core/parts.js';
import { localeFor, TEXTS, type Locale } from '../../core/texts.js';
import { describeError, type BotApi } from './bot-api.js';
import type { CallbackCodec } from './callback-data.js';
import { Connection } from './connection.js';
import { GroupAdminCache } from './group-admin-cache.js';
import { chatIdOf, parseUpdate, type ParsedUpdate } from './parse-update.js';
import { renderHtml } from './render-html.js';
import { SendQueue, type Clock, type OutgoingMessage, type RateLimits } from './send-queue.js';
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
  /**
   * Records a webhook update's id where every bot process sees it; false when another took it first. Several
   * processes behind one webhook URL so handle each update once.
   */
  claimUpdate?: (updateId: number) => Promise<boolean>;
}

// Updates being handled at once before polling waits; each chat's updates run one after another.
const MAX_PENDING_UPDATES = 100;

/** What a session is built from: the adapter's parts that outlive a start/stop. */
export interface SessionParts {
  telegraf: Telegraf;
  settings: TelegramSettings;
  api: BotApi;
  codec: CallbackCodec;
  clock: Clock;
}

/**
 * Everything the Telegram adapter holds while it runs, made whole in one place when it starts (the host, the send
 * queue, the group-admin cache, the connection), so no part of it is ever half set up.
 */
export class TelegramSession {
  private readonly log: Logger;
  private readonly queue: SendQueue;
  private readonly admins: GroupAdminCache;
  private readonly connection: Connection;
  private readonly pending = new Set<Promise<void>>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly parts: SessionParts,
    private readonly host: AdapterHost,
  ) {
    const { telegraf, settings, api, clock } = parts;
    const log = host.log;
    this.log = log;
    this.queue = new SendQueue({
      deliver: (message, asPlain) => this.deliver(message, asPlain),
      maxRetryAfterMs: (settings.maxRetryAfterSeconds ?? 300) * 1000,
      limits: settings.limits,
      clock,
      log,
      onGone: (chatId, reason) => host.chatGone(chatId, reason),
      onMigrate: (fromId, toId) => host.chatMoved(fromId, { id: toId }),
      onParked: (count, seconds) => host.alert('rateLimited', { count, seconds, setting: 'TELEGRAM_MAX_RETRY_AFTER' }),
    });
    this.admins = new GroupAdminCache(
      async (chatId, userId) => (await api.call('getChatMember', { chat_id: chatId, user_id: userId })).status,
      {
        log,
        now: () => clock.now(),
      },
    );
    const webhook = settings.webhookUrl
      ? { url: settings.webhookUrl, secret: settings.webhookSecret ?? deriveWebhookSecret(api.token) }
      : undefined;
    this.connection = new Connection({
      api,
      webhook,
      commands: () => host.commands?.() ?? [],
      log,
      onUnreachable: (error) => host.alert('unreachable', { error, setting: 'TELEGRAM_BOT_TOKEN' }),
      onConnected: (info) => (telegraf.botInfo = info),
      dispatch: (update) => this.dispatch(update),
      room: async () => {
        while (this.pending.size >= MAX_PENDING_UPDATES) await Promise.race(this.pending);
      },
    });
    telegraf.use((ctx) => this.onUpdate(ctx.update));
    telegraf.catch((err, ctx) => this.onError(err, ctx.update));
    if (webhook) {
      if (!host.http)
        throw new Error(
          "TELEGRAM_WEBHOOK_URL is set but BOT_HTTP_PORT is not: the webhook is served by the bot's HTTP server. Set BOT_HTTP_PORT, or unset TELEGRAM_WEBHOOK_URL for long polling.",
        );
      host.http.route(
        'POST',
        new URL(webhook.url).pathname,
        webhookHandler({
          secret: webhook.secret,
          log,
          claim: this.parts.settings.claimUpdate,
          onUpdate: (update) => this.dispatch(update),
        }),
      );
    }
  }

  start(): void {
    this.connection.start();
  }

  async stop(): Promise<void> {
    await this.connection.stop();
    await Promise.allSettled([...this.pending]);
    await this.queue.stop();
  }

  async send(chatId: string, reply: Reply, options: SendOptions = {}): Promise<SendOutcome> {
    const target = this.queue.resolveChatId(chatId);
    const known = this.host.chat(target);
    if (known && !known.active) return { status: 'gone', reason: known.inactiveReason ?? 'inactive' };
    return this.enqueue(target, reply, { fromPart: options.fromPart, thread: options.thread });
  }

  health(): AdapterHealth {
    return { ...this.connection.health(), queue: this.queue.stats() };
  }

  // Runs an update through telegraf (the app's middleware, then ours). Updates of one chat run in order;
  // different chats do not wait for each other.
  private dispatch(update: unknown): void {
    const key = chatIdOf(update) ?? '';
    // A button tap is answered at once, not after the chat's earlier messages: the client's spinner times out.
    if ((update as { callback_query?: unknown }).callback_query) void this.connection.ready.then(() => this.answerTap(update));
    // Updates wait for the first successful getMe (a webhook may deliver before it); after a stop they are dropped.
    const run = (this.chains.get(key) ?? this.connection.ready)
      .then(() => (this.connection.identity ? this.parts.telegraf.handleUpdate(update as Update) : undefined))
      .catch((err: unknown) => this.onError(err, update));
    this.chains.set(key, run);
    this.pending.add(run);
    void run.finally(() => {
      this.pending.delete(run);
      if (this.chains.get(key) === run) this.chains.delete(key);
    });
  }

  private async onUpdate(update: unknown): Promise<void> {
    const host = this.host;
    const me = this.connection.identity;
    if (!me) return;
    const parsed = parseUpdate(update, me);
    switch (parsed.kind) {
      case 'message':
        return this.onMessage(parsed);
      case 'callback':
        return this.onCallback(parsed);
      case 'membership':
        return parsed.active ? host.chatJoined(parsed.chat) : host.chatGone(parsed.chat, parsed.reason);
      case 'migrate':
        // A group became a supergroup: its stored id moves, and with it everything keyed by the chat.
        this.queue.redirect(parsed.fromId, parsed.toId);
        return host.chatMoved(parsed.fromId, { id: parsed.toId, title: parsed.title });
      case 'joined': {
        const greeting = await host.welcome?.(parsed.chat, parsed.names);
        if (greeting) this.reply(parsed.chat, [greeting]);
        return;
      }
      case 'ignore':
        this.log.debug({ update: (update as { update_id?: number }).update_id, reason: parsed.reason }, 'telegram: update ignored');
    }
  }

  private async onMessage({ message, messageId, userId, anonymousAdmin }: Extract<ParsedUpdate, { kind: 'message' }>): Promise<void> {
    const chatId = message.chat.id;
    const checks: SenderChecks = {
      // An anonymous admin writes as the group itself, which only admins can do.
      isGroupAdmin: async () => anonymousAdmin || (userId !== undefined && (await this.admins.isAdmin(chatId, userId))),
    };
    const replies = await this.host.handle(message, checks);
    this.reply(message.chat, replies, messageId, message.sender.language, message.thread);
  }

  private async onCallback(query: Extract<ParsedUpdate, { kind: 'callback' }>): Promise<void> {
    const action = this.parts.codec.decode(query.data);
    // dispatch() answered the tap already (answerTap), with "expired" when there is nothing to do.
    if (!action || !query.chat) return;
    const chat = query.chat;
    const replies = await this.host.handle(
      { id: query.updateId, chat, sender: query.sender, text: action, replyToBot: true, thread: query.thread, at: this.host.now() },
      { isGroupAdmin: () => this.admins.isAdmin(chat.id, query.userId) },
    );
    this.reply(chat, replies, query.messageId, query.sender.language, query.thread);
  }

  private async answerTap(update: unknown): Promise<void> {
    const me = this.connection.identity;
    if (!me) return;
    const query = parseUpdate(update, me);
    if (query.kind !== 'callback') return;
    const usable = this.parts.codec.decode(query.data) && query.chat;
    await this.answerCallback(query.queryId, usable ? undefined : TEXTS[this.localeOf(query.sender.language)].expired);
  }

  private async answerCallback(queryId: string, text?: string): Promise<void> {
    await this.parts.api
      .call('answerCallbackQuery', { callback_query_id: queryId, text })
      .catch((err: unknown) => this.log.warn({ error: describeError(err) }, 'telegram: answerCallbackQuery failed'));
  }

  // Replies are queued, not awaited: a rate-limit pause must not hold up reading the next updates.
  // `thread`: the forum topic asked in; every part and the buttons go there, not to General.
  private reply(chat: ChatRef, replies: Reply[], replyTo?: number, language?: string, thread?: string): void {
    for (const reply of replies) {
      const threaded = chat.kind === 'group' && reply.mentionSender ? replyTo : undefined;
      this.enqueue(chat.id, reply, { replyTo: threaded, thread })
        .then((outcome) => {
          if (outcome.status === 'sent') return;
          this.log.warn({ chat: chat.id, outcome }, 'telegram: reply not delivered');
          // A long answer that stopped part-way says so, rather than ending mid-sentence without a word.
          if (isPartial(outcome)) return this.enqueue(chat.id, { text: TEXTS[this.localeOf(language)].partLost }, { thread });
        })
        .catch((err: unknown) => this.log.error({ err, chat: chat.id }, 'telegram: cannot queue a reply'));
    }
  }

  private localeOf(language: string | undefined): Locale {
    return localeFor(language, this.host.locale);
  }

  private async enqueue(
    chatId: string,
    reply: Reply,
    options: { replyTo?: number; fromPart?: number; thread?: string } = {},
  ): Promise<SendOutcome> {
    const { chunks, keyboard } = renderHtml(reply, (action) => this.parts.codec.encode(action));
    const last = chunks.length - 1;
    const from = Math.min(options.fromPart ?? 0, chunks.length);
    const threadId = options.thread === undefined ? undefined : Number(options.thread);
    const messages = chunks.map((chunk, i) => ({
      chatId,
      ...chunk,
      threadId,
      replyTo: i === 0 ? options.replyTo : undefined,
      keyboard: i === last ? keyboard : undefined,
    }));
    const outcomes = await Promise.all(this.queue.enqueueParts(messages.slice(from)));
    return foldParts(outcomes, from, chunks.length);
  }

  private async deliver(message: OutgoingMessage, asPlain: boolean): Promise<number> {
    const sent = await this.parts.api.call('sendMessage', {
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

  // The last line of defence for an update: log it with its id, apologise to the person if there is one.
  private async onError(err: unknown, update: unknown): Promise<void> {
    const log = this.log;
    const updateId = (update as { update_id?: unknown } | undefined)?.update_id;
    log.error({ err, update: updateId }, 'telegram: update handling failed');
    try {
      const me = this.connection?.identity;
      if (!me) return;
      const parsed = parseUpdate(update, me);
      if (parsed.kind === 'message') {
        const { chat, sender, thread } = parsed.message;
        this.reply(
          chat,
          [{ text: TEXTS[this.localeOf(sender.language)].apology, mentionSender: true }],
          parsed.messageId,
          sender.language,
          thread,
        );
      }
      // The tap itself was answered on arrival (answerTap); the apology goes to the chat.
      if (parsed.kind === 'callback' && parsed.chat)
        this.reply(
          parsed.chat,
          [{ text: TEXTS[this.localeOf(parsed.sender.language)].apology }],
          undefined,
          parsed.sender.language,
          parsed.thread,
        );
    } catch (again) {
      log.error({ err: again, update: updateId }, 'telegram: cannot apologise for a failed update');
    }
  }
}
