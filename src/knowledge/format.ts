/**
 * The plain text a user sees for each outcome, in Chinese or English. No markdown: adapters format.
 */
import type { AnswerLocale, Suggestion } from './answerer.js';
import type { Entry, OffTopic } from './schema.js';
import { TEXTS } from './texts.js';

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
  const t = TEXTS[ctx.locale];
  const parts = [en && entry.en ? entry.en.answer.trim() : t.noEnglish(entry.answer.trim())];
  // An English answer takes the English line; kb:lint requires one whenever both exist, so the Chinese one
  // stands in only under a Chinese answer shown to an English reader.
  const alsoCheck = (en && entry.en ? entry.en.alsoCheck : undefined) ?? entry.alsoCheck;
  if (alsoCheck) parts.push(t.alsoCheck(alsoCheck));
  let reviewed = t.reviewed(entry.reviewed);
  if (entry.expires && entry.expires < ctx.today()) reviewed += t.pastCheckBy(entry.expires);
  else if (entry.expires) reviewed += t.validUntil(entry.expires);
  parts.push([t.source(entry.sources), reviewed].join('\n'));
  return { body: parts.join('\n\n'), choicesTitle: alsoAsked ? t.alsoAsked : t.related };
}

/** "您是想问：" with numbered choices. */
export function formatClarify(ctx: FormatContext): Formatted {
  const t = TEXTS[ctx.locale];
  return { body: '', choicesTitle: t.didYouMean, choicesFooter: t.replyNumber };
}

/**
 * The polite "don't know": rephrase, /help, and the human contact when configured. For a question outside the
 * bot's scope (`topic`), where to ask instead comes first, and no "ask again in other words".
 */
export function formatNone(ctx: FormatContext, topic?: OffTopic): Formatted {
  const t = TEXTS[ctx.locale];
  const contact = ctx.contact ? t.contact(ctx.contact) : '';
  if (topic) return { body: t.offTopic(ctx.locale === 'en' ? (topic.en ?? topic.reply) : topic.reply, contact) };
  return { body: t.none(contact) };
}
