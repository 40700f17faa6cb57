/**
 * How a message addresses the bot, taken off so that what is left is the question: leading @mentions, a
 * trigger prefix (BOT_TRIGGERS: 问, ？), and the words that ask leave to ask (请问, 问下, 想问一下). One
 * function for the chat, `npm run -s ask` and the evaluation, so the three see the same question.
 *
 * @example
 * questionText('@助手 问下卖猕猴桃要啥证', ['问']) // → '卖猕猴桃要啥证'
 */
import { sanitizeText } from './sanitize.js';

/** BOT_TRIGGERS by default. */
export const DEFAULT_TRIGGERS: readonly string[] = ['问', '？', '?'];

/** Words that start with the default trigger 问 but are chat, not a question for the bot. */
const NOT_A_TRIGGER = /^问[题候号卷答世责路]/u;
// "@name " or WeChat's "@name\u2005", one or more, at the start. An @ inside the text is the normaliser's.
const LEADING_MENTIONS = /^(?:@[^\s@\u2005]{1,30}[\s\u2005]+)+/u;
// Asking leave to ask, at the start: 请问, 问下, 问一下, 问问, 想问下, 我想问一下, 打听一下, 咨询一下, 请教一下.
const LEAD_IN = /^(?:我?想?(?:请问|问一?下|问问|打听一?下|咨询一?下)|请教一?下)[\s,，:：、]*/u;
const SEPARATORS = /^[\s:：,，]+/u;

/**
 * The text after a trigger prefix, or undefined when the text does not start with one (问题解决了 is chat, not
 * 问 + 题解决了; a lone trigger is no question). A lead-in that starts with the trigger goes whole (问下…).
 */
export function afterTrigger(text: string, triggers: readonly string[]): string | undefined {
  if (NOT_A_TRIGGER.test(text)) return undefined;
  const trigger = triggers.find((t) => t && text.startsWith(t) && text.length > t.length);
  if (!trigger) return undefined;
  const lead = LEAD_IN.exec(text)?.[0];
  const rest = lead?.startsWith(trigger) ? text.slice(lead.length) : text.slice(trigger.length);
  return rest.replace(SEPARATORS, '');
}

/** The question in a message: cleaned (sanitizeText, full-width forms folded), without how it addressed the bot. */
export function questionText(raw: string, triggers: readonly string[] = DEFAULT_TRIGGERS): string {
  const text = sanitizeText(raw).normalize('NFKC').replace(LEADING_MENTIONS, '');
  const folded = triggers.map((t) => t.normalize('NFKC'));
  const rest = (afterTrigger(text, folded) ?? text).replace(LEAD_IN, '').trim();
  // A message that is nothing but the address (请问) keeps its words: there is no question to take out.
  return rest || text.trim();
}
