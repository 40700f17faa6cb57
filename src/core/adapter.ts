import type { AlertKey, AlertParams } from './alerts.js';
import type { KnownChat } from './chat-directory.js';
import type { Platform } from './identity.js';
import type { Logger } from './logger.js';
import type { ChatRef, IncomingMessageInput, Reply } from './message.js';
import type { SenderChecks } from './context.js';
import type { Locale } from './texts.js';
import type { Command } from './commands.js';
import type { HttpServer } from '../http/server.js';

/**
 * How far a message cut into several parts got. Parts go out in order and a part is never sent after one that
 * was not, so `partsSent` counts the first parts (from the start of the message, including any skipped with
 * `fromPart`). Only set for messages of more than one part.
 */
export interface PartsProgress {
  partsSent?: number;
  parts?: number;
}

/**
 * How a push to a chat ended. `gone`: the platform said the bot was removed or blocked there; the chat is
 * deactivated. `failed`: not sent (`retryable` when trying later may work). `unknown`: the request left and no
 * clear answer came back (a connection reset, a timeout, a 5xx): it may have arrived, so it is not re-sent
 * blindly, the same rule as a crash between "sending" and "sent".
 */
export type SendOutcome = (
  | { status: 'sent'; messageId?: string }
  | { status: 'gone'; reason: string }
  /** The platform will not deliver now and a retry would not help (an Official Account follower silent for 48 h). */
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; retryable: boolean }
  | { status: 'unknown'; reason: string }
) &
  PartsProgress;

/**
 * `fromPart`: resume a message at this part (0-based); the parts before it were delivered by an earlier try.
 * `thread`: the topic of a forum group to post in (IncomingMessage.thread); the group's main thread when absent.
 */
export interface SendOptions {
  fromPart?: number;
  thread?: string;
}

export interface AdapterHealth {
  up: boolean;
  detail?: string;
  [key: string]: unknown;
}

/** A chat's new id, with the names it carries there (a title, or a WeChat contact's remark); the rest stays. */
export interface MovedChat {
  id: string;
  title?: string;
  alias?: string;
}

/**
 * What the runtime offers one adapter, for its own platform only: one way in for messages, a read-only view of
 * the chats the bot knows there, and intents for what happened on the platform (a chat gone or moved, something
 * the admins must hear). The host keeps the chat directory; an adapter never writes it.
 */
export interface AdapterHost {
  /** Runs one message through the bot and returns the replies to show. Never throws. */
  handle(message: IncomingMessageInput, checks?: SenderChecks): Promise<Reply[]>;
  /** The bot's HTTP server when BOT_HTTP_PORT is set (e.g. for a Telegram webhook route). */
  readonly http?: HttpServer;
  /** The bot's logger, with the platform on every line. */
  readonly log: Logger;
  /** True for a bot admin (BOT_ADMINS) with this user id on this platform. */
  isAdmin(userId: string): boolean;
  now(): Date;
  /** The bot's language (BOT_LOCALE), for adapter texts to users whose platform sends none. */
  readonly locale: Locale;
  /** A chat of this platform as the bot knows it (kind, title, active), or undefined if never seen. */
  chat(chatId: string): KnownChat | undefined;
  /** Every chat of this platform the bot knows (re-binding a WeChat room or contact whose id changed by its name). */
  knownChats(): KnownChat[];
  /** The bot is in this chat (again): it was added, or unblocked. Sending there resumes. */
  chatJoined(chat: ChatRef): Promise<void>;
  /** The bot was removed or blocked: nothing more is sent there until a message shows it is back. */
  chatGone(chat: string | ChatRef, reason: string): Promise<void>;
  /**
   * The chat got a new id (a Telegram group → supergroup, a WeChat room or contact after re-login): its history
   * follows, and a bot admin's private chat stays an admin's.
   */
  chatMoved(fromId: string, to: MovedChat): Promise<void>;
  /** Tells every bot admin on every running platform, in the core's words (logged too). Never throws. */
  alert<K extends AlertKey>(key: K, params: AlertParams<K>): void;
  /** What to say when members joined a group, or undefined (the group's welcome is off, the default). */
  welcome?(chat: ChatRef, newMembers: string[]): Promise<Reply | undefined>;
  /** The commands users can type, for platforms with a command menu (Telegram's setMyCommands). */
  commands?(): readonly Command[];
}

/**
 * One platform (wechaty's Puppet, hubot's Adapter): translates platform events into IncomingMessage and
 * replies into platform calls. It holds no business rules; the core never imports an adapter. An embedding app
 * passes its own in `createBot({ adapters })`, with a platform id of its choosing (`wecom`).
 */
export interface Adapter {
  /** The platform id (PlatformSchema): the first half of its users' and chats' `platform:id` keys. */
  readonly platform: Platform;
  /** How admin alerts name the platform (微信 / WeChat); the platform id when absent. */
  readonly label?: Partial<Record<Locale, string>>;
  /**
   * Pushes the scheduler keeps in flight at once here (default 4). `send` resolves only once delivered, so this bounds
   * how many deliveries a crash can leave `unknown`; a paced platform wants few.
   */
  readonly sendWindow?: number;
  start(host: AdapterHost): Promise<void>;
  stop(): Promise<void>;
  /**
   * Pushes a message outside a conversation (announcements, reminders, admin alerts). Never throws. A message
   * of several parts stops at the first part not sent (no hole) and says how far it got.
   */
  send(chatId: string, reply: Reply, options?: SendOptions): Promise<SendOutcome>;
  health(): AdapterHealth;
}
