import type { Reply } from '../core/message.js';
import type { Locale } from '../core/texts.js';

const PICK = { 'zh-CN': '回复数字即可查看：', en: 'Reply with a number:' } as const;

/**
 * Renders a reply for platforms without formatting or buttons (WeChat, the terminal): the title on its own
 * line, the text, then the suggestions as numbered lines the user answers with a digit.
 */
export function renderPlain(reply: Reply, locale: Locale = 'zh-CN'): string {
  const parts = [reply.title ? `【${reply.title}】` : '', reply.text].filter(Boolean);
  if (reply.suggestions?.length) {
    const lines = [reply.suggestionsTitle ?? PICK[locale], ...reply.suggestions.map((s, i) => `${i + 1}. ${s.label}`)];
    if (reply.suggestionsFooter) lines.push(reply.suggestionsFooter);
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}
