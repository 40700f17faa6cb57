import type { ChatDirectory } from './chat-directory.js';
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

/** What the runtime offers an adapter: one way in for messages, and the shared chat directory. */
export interface AdapterHost {
  /** Runs one message through the bot and returns the replies to show. Never throws. */
  handle(message: IncomingMessageInput, checks?: SenderChecks): Promise<Reply[]>;
  /** The bot's HTTP server when BOT_HTTP_PORT is set (e.g. for a Telegram webhook route). */
  readonly http?: HttpServer;
  readonly chats: ChatDirectory;
  readonly log: Logger;
  isAdmin(userKey: string): boolean;
  /** Tells every bot admin on every running platform (e.g. "WeChat logged out"). */
  notifyAdmins(text: string): Promise<void>;
  now(): Date;
  /** The bot's language (BOT_LOCALE), for adapter texts to users whose platform sends none. */
  readonly locale: Locale;
  /** What to say when members joined a group, or undefined (the group's welcome is off, the default). */
  welcome?(chat: ChatRef, newMembers: string[]): Promise<Reply | undefined>;
  /** The commands users can type, for platforms with a command menu (Telegram's setMyCommands). */
  commands?(): readonly Command[];
}

/**
 * One platform (wechaty's Puppet, hubot's Adapter): translates platform events into IncomingMessage and
 * replies into platform calls. It holds no business rules; the core never imports an adapter.
 */
export interface Adapter {
  readonly platform: Platform;
  start(host: AdapterHost): Promise<void>;
  stop(): Promise<void>;
  /**
   * Pushes a message outside a conversation (announcements, reminders, admin alerts). Never throws. A message
   * of several parts stops at the first part not sent (no hole) and says how far it got.
   */
  send(chatId: string, reply: Reply, options?: SendOptions): Promise<SendOutcome>;
  health(): AdapterHealth;
}
