import type { Reply } from './message.js';
import { TEXTS, type Locale } from './texts.js';

/**
 * Renders a reply for platforms without formatting or buttons (WeChat, the terminal): the title on its own
 * line, the text, then the suggestions as numbered lines the user answers with a digit, and the quick-reply hint.
 */
export function renderPlain(reply: Reply, locale: Locale = 'zh-CN'): string {
  const parts = [reply.title ? `【${reply.title}】` : '', reply.text].filter(Boolean);
  if (reply.suggestions?.length) {
    const lines = [reply.suggestionsTitle ?? TEXTS[locale].pickNumber, ...reply.suggestions.map((s, i) => `${i + 1}. ${s.label}`)];
    if (reply.suggestionsFooter) lines.push(reply.suggestionsFooter);
    parts.push(lines.join('\n'));
  }
  // The quick-reply words are typed here; the hint says which (Telegram shows buttons instead).
  if (reply.quickReplies?.length && reply.quickRepliesHint) parts.push(reply.quickRepliesHint);
  return parts.join('\n\n');
}
