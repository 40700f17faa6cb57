import { z } from 'zod';
import { PlatformSchema } from './identity.js';

export const ChatKindSchema = z.enum(['private', 'group']);
export type ChatKind = z.infer<typeof ChatKindSchema>;

export const ChatRefSchema = z.object({
  platform: PlatformSchema,
  id: z.string().min(1),
  kind: ChatKindSchema,
  title: z.string().optional(),
  /**
   * The name the bot's own account gave the chat (a WeChat contact's remark, 备注): set by the operator, not by
   * the other side, so it re-identifies a contact whose id changed (web-protocol puppets, after a re-login).
   */
  alias: z.string().optional(),
});
/** A conversation on one platform: a private chat or a group. */
export type ChatRef = z.infer<typeof ChatRefSchema>;

export const SenderSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** Language the platform reports for the user (Telegram's language_code), if any. */
  language: z.string().optional(),
});
export type Sender = z.infer<typeof SenderSchema>;

export const IncomingMessageSchema = z.object({
  /** Platform message or update id, for logs and de-duplication. */
  id: z.string(),
  chat: ChatRefSchema,
  sender: SenderSchema,
  text: z.string(),
  /** The bot was @mentioned (platform mention entity, or its name in the text). */
  mentioned: z.boolean().default(false),
  /** The message replies to one of the bot's own messages. */
  replyToBot: z.boolean().default(false),
  /** With `replyToBot`: the bot's message replied to, as far as the platform shows it (an admin answering a push). */
  quoted: z.string().optional(),
  /** The topic of a forum group it was written in (Telegram's message_thread_id); replies go back there. */
  thread: z.string().optional(),
  at: z.date(),
});
/** A text message as every adapter hands it to the core. */
export type IncomingMessage = z.infer<typeof IncomingMessageSchema>;
export type IncomingMessageInput = z.input<typeof IncomingMessageSchema>;

/** A choice offered with a reply: a button on Telegram, a numbered line elsewhere. `action` is run as if typed. */
export interface Suggestion {
  label: string;
  action: string;
}

/**
 * A one-word answer to a reply (有用, 没用): a row of small buttons on Telegram; elsewhere the word itself, typed
 * right after the reply. `action` is run as if typed.
 */
export interface QuickReply {
  word: string;
  action: string;
}

/**
 * What the bot says. `text` is plain text with paragraphs separated by blank lines; `title` is shown
 * emphasised where the platform can. Adapters render it their own way (HTML, plain text, numbered choices).
 */
export interface Reply {
  title?: string;
  text: string;
  suggestions?: Suggestion[];
  /** Heading above the suggestions ("相关问题：", "您是想问：") and a line after them; renderers supply a default. */
  suggestionsTitle?: string;
  suggestionsFooter?: string;
  quickReplies?: QuickReply[];
  /** A line saying which words may be typed, for platforms without buttons ("没帮上忙？回复“没用”"). */
  quickRepliesHint?: string;
  /** In a group, address the asker (WeChat @mention, Telegram reply). */
  mentionSender?: boolean;
  /**
   * In a group, address this person in a push, which has no message to answer (a staff answer to a hand-off):
   * a WeChat @mention, a Telegram mention by user id. Replies to a message use `mentionSender` instead.
   */
  mention?: { id: string; name: string };
}
