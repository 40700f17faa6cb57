import type { Reply } from '../../core/message.js';
import type { Locale } from '../../core/texts.js';
import { renderPlain } from '../plain-text.js';
import { splitText } from '../split-text.js';

/**
 * A reply as WeChat text messages: plain text (WeChat shows no markdown) with numbered suggestions, cut at
 * paragraphs, then lines, then sentences into messages of at most `max` characters.
 */
export function renderWechat(reply: Reply, locale: Locale, max: number): string[] {
  return splitText(renderPlain(reply, locale), max);
}
