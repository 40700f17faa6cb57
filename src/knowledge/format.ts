/**
 * The plain text a user sees for each outcome, in Chinese or English. No markdown: adapters format.
 */
import type { AnswerLocale, Suggestion } from './answerer.js';
import type { Entry, OffTopic } from './schema.js';

export interface FormatContext {
  locale: AnswerLocale;
  /** Today as YYYY-MM-DD, to tell an expired entry apart. */
  today: () => string;
  contact?: string;
}

/** The question of an entry in the wanted language (Chinese when there is no English version). */
export function questionOf(entry: Entry, locale: AnswerLocale): string {
  return locale === 'en' && entry.en ? entry.en.question : entry.question;
}

function numbered(items: readonly Suggestion[]): string {
  return items.map((s, i) => `${i + 1}. ${s.question}`).join('\n');
}

/**
 * What a user reads, in two parts: the body, and the heading above the numbered choices. Chat platforms show the
 * choices their own way (buttons, numbered lines), so they take the parts; `plainText` joins them for the CLI.
 */
export interface Formatted {
  body: string;
  choicesTitle?: string;
  /** A line after the choices (the clarify prompt). */
  choicesFooter?: string;
}

/** The whole reply as plain text: body, heading, numbered choices, footer. */
export function plainText(formatted: Formatted, choices: readonly Suggestion[]): string {
  if (!choices.length) return formatted.body;
  const list = [formatted.choicesTitle, numbered(choices), formatted.choicesFooter].filter(Boolean).join('\n');
  return formatted.body ? `${formatted.body}\n\n${list}` : list;
}

/**
 * Entry answer, the also-check line, source line, reviewed date (and validity). The choices are the close
 * runners-up and the related follow-ups: with runners-up (`alsoAsked`) the heading is "您可能还想问", else "相关问题".
 */
export function formatAnswer(entry: Entry, ctx: FormatContext, alsoAsked = false): Formatted {
  const en = ctx.locale === 'en';
  const parts: string[] = [];
  if (en && entry.en) {
    parts.push(entry.en.answer.trim());
  } else if (en) {
    parts.push(`(No English version of this answer yet; here it is in Chinese.)\n${entry.answer.trim()}`);
  } else {
    parts.push(entry.answer.trim());
  }
  // An English answer takes the English line; kb:lint requires one whenever both exist, so the Chinese one
  // stands in only under a Chinese answer shown to an English reader.
  const alsoCheck = (en && entry.en ? entry.en.alsoCheck : undefined) ?? entry.alsoCheck;
  if (alsoCheck) parts.push(en ? `Also check: ${alsoCheck}` : `另请核对：${alsoCheck}`);
  const sources = entry.sources.join(en ? '; ' : '；');
  const lines = [en ? `Source: ${sources}` : `来源：${sources}`];
  let reviewed = en ? `Reviewed: ${entry.reviewed}` : `核对日期：${entry.reviewed}`;
  if (entry.expires && entry.expires < ctx.today()) {
    reviewed += en
      ? ` (past its check-by date ${entry.expires}: rules may have changed, confirm with the authority)`
      : `（已过复核期限 ${entry.expires}，规定可能已变，请以主管部门最新规定为准）`;
  } else if (entry.expires) {
    reviewed += en ? ` (valid until ${entry.expires}; check again by then)` : `（有效期至 ${entry.expires}，请在此前复核）`;
  }
  lines.push(reviewed);
  parts.push(lines.join('\n'));
  const choicesTitle = alsoAsked
    ? en ? 'You may also want to ask (reply with a number):' : '您可能还想问（回复数字查看）：'
    : en ? 'Related questions (reply with a number):' : '相关问题（回复数字查看）：';
  return { body: parts.join('\n\n'), choicesTitle };
}

/** "您是想问：" with numbered choices. */
export function formatClarify(ctx: FormatContext): Formatted {
  return ctx.locale === 'en'
    ? { body: '', choicesTitle: 'Did you mean:', choicesFooter: 'Reply with the number.' }
    : { body: '', choicesTitle: '您是想问：', choicesFooter: '回复数字即可' };
}

/**
 * The polite "don't know": rephrase, /help, and the human contact when configured. For a question outside the
 * bot's scope (`topic`), where to ask instead comes first, and no "ask again in other words".
 */
export function formatNone(ctx: FormatContext, topic?: OffTopic): Formatted {
  if (ctx.locale === 'en') {
    const contact = ctx.contact ? `\nTo talk to a person, contact: ${ctx.contact}` : '';
    if (topic) return { body: `${topic.en ?? topic.reply}\nI help with selling online: send /help to see what I can answer.${contact}` };
    return { body: `Sorry, I can't answer that reliably yet, and a wrong answer could cost you money.\nTry asking in other words (name the platform and the product), or send /help to see what I can answer.${contact}` };
  }
  const contact = ctx.contact ? `\n需要人工帮助，请联系：${ctx.contact}` : '';
  if (topic) return { body: `${topic.reply}\n我专门解答网上开店、卖货的问题，发送 /help（帮助）看看我能回答哪些。${contact}` };
  return { body: `抱歉，这个问题我还答不准，怕说错耽误您的生意。\n您可以换个说法再问（说清楚平台和商品），或发送 /help（帮助）看看我能回答哪些问题。${contact}` };
}
