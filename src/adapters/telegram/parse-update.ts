import { z } from 'zod';
import type { ChatRef, IncomingMessageInput, Sender } from '../../core/message.js';

// Only the parts of a Bot API Update the bot reads. Unknown fields are dropped; a missing required field makes
// the update "ignored" instead of crashing a handler (emulators and old self-hosted servers omit some).
const UserSchema = z.object({
  id: z.number(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
const ChatSchema = z.object({
  id: z.number(),
  type: z.string(),
  title: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const EntitySchema = z.object({ type: z.string(), offset: z.number(), length: z.number(), user: UserSchema.optional() });
const MessageSchema = z.object({
  message_id: z.number(),
  date: z.number(),
  chat: ChatSchema,
  from: UserSchema.optional(),
  sender_chat: ChatSchema.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(EntitySchema).optional(),
  caption_entities: z.array(EntitySchema).optional(),
  reply_to_message: z.object({ from: UserSchema.optional(), text: z.string().optional() }).optional(),
  migrate_to_chat_id: z.number().optional(),
  migrate_from_chat_id: z.number().optional(),
  new_chat_members: z.array(UserSchema).optional(),
  /** A linked channel's post, copied into its discussion group by Telegram. */
  is_automatic_forward: z.boolean().optional(),
  /** Set on forwarded messages (Bot API 7.0+); forward_date on older servers. */
  forward_origin: z.unknown().optional(),
  forward_date: z.number().optional(),
  message_thread_id: z.number().optional(),
  is_topic_message: z.boolean().optional(),
});
const CallbackQuerySchema = z.object({
  id: z.string(),
  from: UserSchema,
  data: z.string().optional(),
  message: z
    .object({
      message_id: z.number().optional(),
      chat: ChatSchema,
      message_thread_id: z.number().optional(),
      is_topic_message: z.boolean().optional(),
    })
    .optional(),
});
const ChatMemberUpdatedSchema = z.object({
  chat: ChatSchema,
  new_chat_member: z.object({ status: z.string(), is_member: z.boolean().optional() }),
});
const UpdateSchema = z.object({
  update_id: z.number().int(),
  message: MessageSchema.optional(),
  callback_query: CallbackQuerySchema.optional(),
  my_chat_member: ChatMemberUpdatedSchema.optional(),
});

/** Who the bot is (from getMe), to recognise mentions of it and replies to it. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** What one Telegram update means to the bot. Ids stay numbers where the Bot API needs them back. */
export type ParsedUpdate =
  | {
      kind: 'message';
      message: IncomingMessageInput & { chat: ChatRef; sender: Sender };
      /** The Telegram message id, to reply to it in a group. */
      messageId: number;
      /** The Telegram user behind the message, for getChatMember; absent for anonymous senders. */
      userId?: number;
      /** Sent by an anonymous group admin (sender_chat is the group itself). */
      anonymousAdmin: boolean;
    }
  | {
      kind: 'callback';
      queryId: string;
      data?: string;
      /** Absent when the button's message is no longer reachable (inline messages). */
      chat?: ChatRef;
      sender: Sender;
      userId: number;
      /** The message carrying the button. */
      messageId?: number;
      /** The forum topic the button's message is in. */
      thread?: string;
      updateId: string;
    }
  | { kind: 'membership'; chat: ChatRef; active: boolean; reason: string }
  | { kind: 'migrate'; fromId: string; toId: string; title?: string }
  /** People (not bots) joined a group: the core may greet them. */
  | { kind: 'joined'; chat: ChatRef; names: string[] }
  | { kind: 'ignore'; reason: string };

type TgChat = z.infer<typeof ChatSchema>;
type TgUser = z.infer<typeof UserSchema>;
type TgEntity = z.infer<typeof EntitySchema>;

/** Turns a raw Bot API update into what the core understands. Pure: no network, no clock. */
export function parseUpdate(raw: unknown, me: BotIdentity): ParsedUpdate {
  const parsed = UpdateSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignore', reason: `malformed update: ${parsed.error.issues[0]?.path.join('.') ?? ''}` };
  const update = parsed.data;
  const updateId = String(update.update_id);
  if (update.message) return parseMessage(update.message, updateId, me);
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message ? chatRef(query.message.chat) : undefined;
    return {
      kind: 'callback',
      queryId: query.id,
      data: query.data,
      chat,
      sender: sender(query.from),
      userId: query.from.id,
      messageId: query.message?.message_id,
      thread: query.message ? topicOf(query.message) : undefined,
      updateId,
    };
  }
  if (update.my_chat_member) {
    const { chat: tgChat, new_chat_member: member } = update.my_chat_member;
    const chat = chatRef(tgChat);
    if (!chat) return { kind: 'ignore', reason: `membership in a ${tgChat.type}` };
    const active =
      ['member', 'administrator', 'creator'].includes(member.status) || (member.status === 'restricted' && member.is_member === true);
    const reason =
      chat.kind === 'private' ? 'blocked by the user' : member.status === 'kicked' ? 'removed from the group' : 'left the group';
    return { kind: 'membership', chat, active, reason: active ? 'added' : reason };
  }
  return { kind: 'ignore', reason: 'update type not handled' };
}

function parseMessage(msg: z.infer<typeof MessageSchema>, updateId: string, me: BotIdentity): ParsedUpdate {
  // A group upgraded to a supergroup gets a new id; both the old and the new chat see a service message.
  if (msg.migrate_to_chat_id !== undefined)
    return { kind: 'migrate', fromId: String(msg.chat.id), toId: String(msg.migrate_to_chat_id), title: msg.chat.title };
  if (msg.migrate_from_chat_id !== undefined)
    return { kind: 'migrate', fromId: String(msg.migrate_from_chat_id), toId: String(msg.chat.id), title: msg.chat.title };
  const chat = chatRef(msg.chat);
  if (!chat) return { kind: 'ignore', reason: `message in a ${msg.chat.type}` };
  if (msg.new_chat_members) {
    const names = msg.new_chat_members.filter((u) => !u.is_bot).map((u) => sender(u).name);
    return names.length && chat.kind === 'group' ? { kind: 'joined', chat, names } : { kind: 'ignore', reason: 'only bots joined' };
  }
  const raw = msg.text ?? msg.caption;
  if (!raw) return { kind: 'ignore', reason: 'no text' };
  // A channel post mirrored into its discussion group, or an article someone passed on to a group, is not a
  // question to the bot; in a private chat a forward is how people ask "what does this mean?".
  if (msg.is_automatic_forward) return { kind: 'ignore', reason: 'automatic forward from a linked channel' };
  if (chat.kind === 'group' && (msg.forward_origin !== undefined || msg.forward_date !== undefined))
    return { kind: 'ignore', reason: 'forwarded into a group' };
  const entities = (msg.text !== undefined ? msg.entities : msg.caption_entities) ?? [];
  // Anonymous admins write as the group (from is @GroupAnonymousBot); linked channels as the channel.
  const author = msg.sender_chat
    ? { id: String(msg.sender_chat.id), name: msg.sender_chat.title ?? msg.sender_chat.username ?? 'anonymous' }
    : undefined;
  if (!author && (!msg.from || msg.from.is_bot)) return { kind: 'ignore', reason: 'from a bot' };
  const target = /^[/／][^\s@]+@(\w+)/.exec(raw)?.[1];
  // "/help@other_bot" in a group with several bots is not for us.
  if (target && target.toLowerCase() !== me.username.toLowerCase()) return { kind: 'ignore', reason: 'command for another bot' };
  const { text, mentioned } = stripMentions(raw, entities, me);
  const replyToBot = msg.reply_to_message?.from?.id === me.id;
  const quoted = replyToBot ? msg.reply_to_message?.text : undefined;
  return {
    kind: 'message',
    message: {
      id: updateId,
      chat,
      sender: author ?? sender(msg.from!),
      text,
      mentioned,
      replyToBot,
      ...(quoted ? { quoted } : {}),
      thread: topicOf(msg),
      at: new Date(msg.date * 1000),
    },
    messageId: msg.message_id,
    userId: author ? undefined : msg.from?.id,
    anonymousAdmin: msg.sender_chat?.id === msg.chat.id,
  };
}

// In a forum supergroup every message carries its topic's id; elsewhere message_thread_id names a reply thread,
// which is not a place to post in, so only topic messages count.
function topicOf(msg: { message_thread_id?: number; is_topic_message?: boolean }): string | undefined {
  return msg.is_topic_message && msg.message_thread_id !== undefined ? String(msg.message_thread_id) : undefined;
}

function chatRef(chat: TgChat): ChatRef | undefined {
  if (chat.type === 'private') return { platform: 'telegram', id: String(chat.id), kind: 'private' };
  if (chat.type === 'group' || chat.type === 'supergroup')
    return { platform: 'telegram', id: String(chat.id), kind: 'group', title: chat.title };
  return undefined;
}

function sender(user: TgUser): Sender {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username || String(user.id);
  return { id: String(user.id), name, language: user.language_code };
}

/**
 * Finds the bot's mentions and takes them out: the core wants the question, not "@county_bot 抖店要啥证".
 * `@username` counts with or without a mention entity (Telegram always sends one; emulators may not);
 * a text_mention entity counts when it links to the bot. Telegram usernames are [A-Za-z0-9_], safe in a RegExp.
 */
function stripMentions(raw: string, entities: TgEntity[], me: BotIdentity): { text: string; mentioned: boolean } {
  // Entity offsets are UTF-16 code units, which is what JavaScript string indices are.
  const ranges = entities
    .filter((e) => e.type === 'text_mention' && e.user?.id === me.id)
    .map((e) => [e.offset, e.offset + e.length] as const);
  for (const m of raw.matchAll(new RegExp(`@${me.username}(?![A-Za-z0-9_])`, 'gi'))) ranges.push([m.index, m.index + m[0].length]);
  let text = raw;
  for (const [start, end] of ranges.sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + ' ' + text.slice(end);
  return { text: text.replace(/[ \t]{2,}/g, ' ').trim(), mentioned: ranges.length > 0 };
}

/** The chat an update belongs to, to keep each chat's updates in order; undefined when it has none. */
export function chatIdOf(raw: unknown): string | undefined {
  const parsed = UpdateSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { message, callback_query: query, my_chat_member: member } = parsed.data;
  const id = message?.chat.id ?? query?.message?.chat.id ?? member?.chat.id;
  return id === undefined ? undefined : String(id);
}
