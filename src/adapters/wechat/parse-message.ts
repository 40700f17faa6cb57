import type { IncomingMessageInput } from '../../core/message.js';
import { isThrottleNotice } from './throttle-notice.js';
import { escapeRegExp } from '../../core/escape-regexp.js';

/** The few message kinds the bot tells apart; wechaty's dozen others are `other`. */
export type WechatMessageKind = 'text' | 'voice' | 'image' | 'other';

/**
 * Everything the bot needs from one wechaty message, read once by the adapter (wechaty's getters may cost
 * puppet calls), so that deciding what the message means is a pure function tested on fixtures.
 */
export interface WechatMessageSnapshot {
  id: string;
  kind: WechatMessageKind;
  text: string;
  /** Sent by the logged-in account itself (our own replies come back as messages). */
  self: boolean;
  /** `alias`: the remark the bot's account gave the talker (read in private chats only). */
  talker: { id: string; name: string; alias?: string; official: boolean; friend?: boolean };
  room?: { id: string; topic: string };
  /** wechaty's `mentionSelf()`: the puppet's mention list names the bot. */
  mentionSelf: boolean;
  /** The puppet sent a mention list naming someone: then it, not `@name` in the text, says who was mentioned. */
  mentionListed?: boolean;
  /** Names the bot goes by in this chat (its WeChat name, its alias in the room), for the `@name` fallback. */
  botNames: string[];
  date: Date;
}

export type ParsedWechatMessage =
  | { action: 'handle'; message: IncomingMessageInput }
  /** Voice or a picture in a private chat: the sender gets a short hint (once) to type the question. */
  | { action: 'media-hint' }
  /** WeChat told the account it sends too often: stop sending for a while. */
  | { action: 'throttled'; notice: string }
  | { action: 'ignore'; reason: string };

// WeChat separates a mention from the rest with U+2005 (four-per-em space); some clients use a plain space.
const MENTION_END = '(?:\\u2005|\\s|$)';
/**
 * WeChat stamps messages in whole seconds, by its servers' clock: a message sent in the second of the login, or
 * with the host's clock a little ahead, would look older than the login. Backlog is minutes or hours old.
 */
const BACKLOG_SLACK_MS = 10_000;

function mentionPattern(names: string[]): RegExp | undefined {
  const usable = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  return usable.length ? new RegExp(`@(?:${usable.map(escapeRegExp).join('|')})${MENTION_END}`, 'gu') : undefined;
}

// A quoted reply arrives as the quote, a dashed line, then the new text: "「Bot：原文」\n- - - - -\n那食品呢".
const QUOTE = /^「([^：:」]+)[：:]([\s\S]*)」\n(?:- ?){3,}\n([\s\S]*)$/u;

/**
 * Decides what one WeChat message means for the bot. Rooms: a mention of the bot (the puppet's mention list,
 * or `@<bot name>` in the text since puppets differ) is stripped from the text and flagged as `mentioned`;
 * whether an unmentioned message is meant for the bot (trigger prefix, command) is the core's decision.
 * Private chats: every text goes to the core. Our own messages, official accounts and the backlog delivered
 * at login (older than `since`) are ignored.
 */
export function parseWechatMessage(snapshot: WechatMessageSnapshot, since: Date): ParsedWechatMessage {
  if (isThrottleNotice(snapshot.text) && (snapshot.self || snapshot.kind === 'other'))
    return { action: 'throttled', notice: snapshot.text };
  if (snapshot.self) return { action: 'ignore', reason: 'own message' };
  if (snapshot.talker.official) return { action: 'ignore', reason: 'official account' };
  if (snapshot.date.getTime() < Math.floor(since.getTime() / 1000) * 1000 - BACKLOG_SLACK_MS)
    return { action: 'ignore', reason: 'backlog from before the start' };
  if (!snapshot.room && snapshot.talker.friend === false) return { action: 'ignore', reason: 'not a friend' };
  if (snapshot.kind !== 'text') {
    return !snapshot.room && (snapshot.kind === 'voice' || snapshot.kind === 'image')
      ? { action: 'media-hint' }
      : { action: 'ignore', reason: `${snapshot.kind} message` };
  }

  let text = snapshot.text;
  let replyToBot = false;
  let quoted: string | undefined;
  const quote = QUOTE.exec(text);
  if (quote) {
    replyToBot = snapshot.botNames.includes(quote[1]!.trim());
    if (replyToBot) quoted = quote[2]!.trim();
    text = quote[3]!;
  }
  let mentioned = snapshot.mentionSelf;
  // `@name` in the text is the fallback for puppets without a mention list; when the list names others, an
  // `@电商助手` in the text is a member who shares the bot's name, and only the list's own mention is stripped.
  const trustList = snapshot.mentionListed === true;
  const pattern = snapshot.room && (!trustList || snapshot.mentionSelf) ? mentionPattern(snapshot.botNames) : undefined;
  if (pattern) {
    const stripped = text.replace(pattern, ' ');
    if (!trustList) mentioned ||= stripped !== text;
    text = stripped;
  }
  text = text.replace(/\s+/gu, (space) => (space.includes('\n') ? '\n' : ' ')).trim();

  const chat = snapshot.room
    ? { platform: 'wechat' as const, id: snapshot.room.id, kind: 'group' as const, title: snapshot.room.topic || undefined }
    : {
        platform: 'wechat' as const,
        id: snapshot.talker.id,
        kind: 'private' as const,
        title: snapshot.talker.name || undefined,
        alias: snapshot.talker.alias || undefined,
      };
  return {
    action: 'handle',
    message: {
      id: snapshot.id,
      chat,
      sender: { id: snapshot.talker.id, name: snapshot.talker.name },
      text,
      mentioned,
      replyToBot,
      ...(quoted ? { quoted } : {}),
      at: snapshot.date,
    },
  };
}
