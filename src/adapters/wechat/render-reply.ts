import type { Reply } from '../../core/message.js';
import type { Locale } from '../../core/texts.js';
import { renderPlain } from '../../core/plain-text.js';
import { splitText } from '../split-text.js';

/**
 * A reply as WeChat text messages: plain text (WeChat shows no markdown) with numbered suggestions, cut at
 * paragraphs, then lines, then sentences into messages of at most `max` characters. The quick-reply hint
 * ("回复“没用”") rides in the last message only if it fits there: every message is paced (and on the Official
 * Account counted), so a hint is not worth one of its own; the typed word works without it.
 */
export function renderWechat(reply: Reply, locale: Locale, max: number): string[] {
  const parts = splitText(renderPlain(reply, locale), max);
  if (!reply.quickRepliesHint) return parts;
  const bare = splitText(renderPlain({ ...reply, quickRepliesHint: undefined }, locale), max);
  return parts.length > bare.length ? bare : parts;
}
