import { splitText } from '../split-text.js';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Reply } from '../../core/message.js';

/** Longest text Telegram accepts in one message, counted after entities parsing (tags out, `&lt;` is one). */
export const TELEGRAM_MAX_LENGTH = 4096;

// Telegram draws long labels cut off anyway; a short label keeps the keyboard readable on a phone.
const MAX_LABEL = 60;
const MAX_BUTTONS = 10;
const MAX_TITLE = 200;

/** One message to send: the HTML, and the same words as plain text in case Telegram rejects the markup. */
export interface RenderedChunk {
  html: string;
  plain: string;
}

export interface RenderedReply {
  chunks: RenderedChunk[];
  /** Goes with the last chunk, so the choices sit under the end of the answer. */
  keyboard?: InlineKeyboardMarkup;
}

/** Escapes text for Telegram's HTML parse mode, which knows only these four entities. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Renders a reply as Telegram HTML: the title in bold, every piece of text escaped (user and knowledge text
 * alike), split into messages of at most `maxLength` visible characters at paragraph boundaries (then
 * lines, then sentences), with the suggestions as an inline keyboard whose callback data `encode` produces, one
 * button a row, and the quick replies side by side in a last row.
 *
 * @example
 * renderHtml({ title: '营业执照', text: '要办。\n\n依据：电子商务法' }, (a) => codec.encode(a));
 */
export function renderHtml(reply: Reply, encode: (action: string) => string, maxLength = TELEGRAM_MAX_LENGTH): RenderedReply {
  // Cut by code points: a title cut inside an emoji's surrogate pair makes Telegram refuse the whole message.
  const title = shorten(oneLine(reply.title ?? ''), MAX_TITLE);
  const suggestions = (reply.suggestions ?? []).slice(0, MAX_BUTTONS);
  // The heading of the choices ("您是想问：") sits right above the buttons; the numbered footer is for typed replies.
  const heading = suggestions.length ? (reply.suggestionsTitle ?? '') : '';
  const body = [reply.text.replace(/\r\n?/g, '\n').trim(), heading].filter(Boolean).join('\n\n');
  // A keyboard needs a message to hang from.
  const visible = [title, body || (suggestions.length ? '…' : '')].filter(Boolean).join('\n\n');
  // A push has no message to reply to, so its addressee is named by a mention by user id (works without a username).
  const mention =
    reply.mention && /^\d+$/.test(reply.mention.id)
      ? { ...reply.mention, name: oneLine(reply.mention.name) || reply.mention.id }
      : undefined;
  const room = mention ? [...mention.name].length + 2 : 0;
  const chunks = splitText(visible, maxLength - room).map((plain, i) => {
    const html =
      i === 0 && title && plain.startsWith(title)
        ? `<b>${escapeHtml(title)}</b>${escapeHtml(plain.slice(title.length))}`
        : escapeHtml(plain);
    if (i > 0 || !mention) return { html, plain };
    return { html: `<a href="tg://user?id=${mention.id}">${escapeHtml(mention.name)}</a> ${html}`, plain: `@${mention.name} ${plain}` };
  });
  const rows = suggestions.map((s, i) => [{ text: buttonLabel(s.label, i), callback_data: encode(s.action) }]);
  // Quick replies (有用 / 没用) are small: one row under the choices.
  const quick = (reply.quickReplies ?? []).map((q) => ({ text: shorten(oneLine(q.word), MAX_LABEL), callback_data: encode(q.action) }));
  if (quick.length) rows.push(quick);
  if (!rows.length || !chunks.length) return { chunks };
  return { chunks, keyboard: { inline_keyboard: rows } };
}

// Telegram refuses the whole message over one button with an empty label; a blank one shows its number.
function buttonLabel(label: string, index: number): string {
  return shorten(oneLine(label), MAX_LABEL) || String(index + 1);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
