import type { Reply } from '../../core/message.js';
import type { Locale } from '../../core/texts.js';
import { renderPlain } from '../plain-text.js';

/**
 * A reply as WeChat text messages: plain text (WeChat shows no markdown) with numbered suggestions, cut at
 * paragraph breaks into messages of at most `max` characters.
 */
export function renderWechat(reply: Reply, locale: Locale, max: number): string[] {
  const text = renderPlain(reply, locale);
  if ([...text].length <= max) return [text];
  const messages: string[] = [];
  let current = '';
  for (const paragraph of text.split('\n\n')) {
    const joined = current ? `${current}\n\n${paragraph}` : paragraph;
    if ([...joined].length <= max) {
      current = joined;
      continue;
    }
    if (current) messages.push(current);
    const chars = [...paragraph];
    while (chars.length > max) messages.push(chars.splice(0, max).join(''));
    current = chars.join('');
  }
  if (current) messages.push(current);
  return messages;
}
