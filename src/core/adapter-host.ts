import type { Adapter, AdapterHost } from './adapter.js';
import { ALERTS } from './alerts.js';
import type { ChatDirectory } from './chat-directory.js';
import type { Command } from './commands.js';
import type { SenderChecks } from './context.js';
import { userKey } from './identity.js';
import type { Logger } from './logger.js';
import type { ChatRef, IncomingMessageInput, Reply } from './message.js';
import type { Locale } from './texts.js';
import { formatLocal } from './time.js';
import type { HttpServer } from '../http/server.js';

/** What every adapter's host is built from: the bot's shared parts. */
export interface HostDeps {
  handle(message: IncomingMessageInput, checks?: SenderChecks): Promise<Reply[]>;
  chats: ChatDirectory;
  /** Sends to every bot admin on every running platform. */
  notifyAdmins(reply: Reply): Promise<unknown>;
  /** `platform:id` keys of the bot admins. */
  admins: ReadonlySet<string>;
  log: Logger;
  now(): Date;
  locale: Locale;
  timezone: string;
  http?: HttpServer;
  welcome(chat: ChatRef, newMembers: string[], locale: Locale): Promise<Reply | undefined>;
  commands(): readonly Command[];
}

/** The label admin alerts use for a platform: the adapter's own, or its id. */
function labelOf(adapter: Adapter, locale: Locale): string {
  return adapter.label?.[locale] ?? adapter.platform;
}

/**
 * The host one adapter gets: everything scoped to its platform, chat changes as intents the host carries out on
 * the chat directory, alerts worded by the core.
 */
export function createAdapterHost(adapter: Adapter, deps: HostDeps): AdapterHost {
  const { platform } = adapter;
  const { chats, now } = deps;
  const log = deps.log.child({ platform });
  const key = (id: string) => userKey(platform, id);
  return {
    http: deps.http,
    log,
    now,
    locale: deps.locale,
    isAdmin: (userId) => deps.admins.has(key(userId)),
    chat: (chatId) => chats.get(key(chatId)),
    knownChats: () => chats.list().filter((c) => c.platform === platform),
    handle: async (message, checks) => {
      // An adapter speaks for its own platform only: a message claiming another would write that one's chats.
      if (message.chat.platform !== platform) {
        log.error({ update: message.id, claimed: message.chat.platform }, 'adapter handed over a message of another platform');
        return [];
      }
      // The runtime records the chat once the message validated.
      return deps.handle(message, checks);
    },
    chatJoined: async (chat) => {
      await chats.seen({ ...chat, platform }, now());
    },
    chatGone: async (chat, reason) => {
      // A chat seen for the first time in the notice that the bot left it is kept, as inactive.
      if (typeof chat !== 'string') await chats.seen({ ...chat, platform }, now());
      const id = typeof chat === 'string' ? chat : chat.id;
      await chats.setActive(key(id), false, reason, now());
      log.info({ chat: key(id), reason }, 'chat gone: nothing more is sent there');
    },
    chatMoved: async (fromId, to) => {
      const known = chats.get(key(fromId));
      if (!known) return;
      const alias = to.alias ?? known.alias;
      await chats.rekey(
        key(fromId),
        { platform, id: to.id, kind: known.kind, title: to.title ?? known.title, ...(alias === undefined ? {} : { alias }) },
        now(),
      );
      log.info({ from: key(fromId), to: key(to.id) }, 'chat moved to a new id');
    },
    alert: (alertKey, params) => {
      const texts = ALERTS[deps.locale];
      const write = texts[alertKey] as (p: object, time: (at: Date) => string) => string;
      const text = write({ ...params, platform: labelOf(adapter, deps.locale) }, (at) => formatLocal(at, deps.timezone));
      log.warn({ alert: alertKey, text }, 'admin alert');
      deps.notifyAdmins({ text }).catch((err: unknown) => log.error({ err }, 'admin alert failed'));
    },
    welcome: (chat, names) => deps.welcome(chat, names, deps.locale),
    commands: deps.commands,
  };
}
