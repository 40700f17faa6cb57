import type { Logger } from './logger.js';
import type { IncomingMessage, Reply } from './message.js';
import type { Conversations } from './conversations.js';
import type { Locale, Texts } from './texts.js';

export type Role = 'admin' | 'member';

/** Settings the core itself reads; features get theirs when they are built. */
export interface CoreSettings {
  timezone: string;
  locale: Locale;
  /** Prefixes that address the bot in a group without a mention (default 问, ？, ?). */
  triggers: string[];
  floodLimit: number;
}

/** Everything one incoming message's handlers can see and do. Built fresh per message by the runtime. */
export interface BotContext {
  readonly message: IncomingMessage;
  /** `platform:senderId`, the identity roles are checked against. */
  readonly userKey: string;
  /** `platform:chatId`. */
  readonly chatKey: string;
  /** Chat and person: numbered follow-ups and flows are per asker per chat. */
  readonly conversationKey: string;
  readonly role: Role;
  readonly locale: Locale;
  readonly texts: Texts;
  readonly settings: CoreSettings;
  readonly conversations: Conversations;
  readonly log: Logger;
  readonly now: Date;
  /** The text handlers act on: cleaned, without the bot mention or trigger, a picked suggestion resolved. */
  text: string;
  /** Private chat, or the bot was mentioned, replied to or triggered, or this is a command. */
  addressed: boolean;
  readonly replies: Reply[];
  reply(reply: Reply | string): void;
  /** Bot admins always; otherwise the platform's answer (Telegram creator/administrator, WeChat room owner). */
  isGroupAdmin(): Promise<boolean>;
}

/** What only the platform knows about a message's sender, asked lazily (it may cost an API call). */
export interface SenderChecks {
  isGroupAdmin(): Promise<boolean>;
}
