import type { Suggestion } from '../core/message.js';
import type { Answerer } from './answerer.js';
import { showAction } from './feature.js';

/** Where tools look up FAQ entries to link to: the knowledge service (or anything with a current answerer). */
export interface FaqSource {
  current(): Pick<Answerer, 'entry'> | undefined;
}

/** Most links offered under one reply: numbered follow-ups can only be picked with the digits 1-9. */
const MAX_FAQ_LINKS = 9;

/**
 * Turns FAQ ids into follow-up choices (label: the entry's question; action: show the entry), skipping ids
 * the loaded knowledge does not have and repeats, keeping the given order.
 *
 * @example
 * faqLinks(knowledge, ['reg-ecommerce-law-art10']) // → [{ label: '开网店一定要办营业执照吗？', action: '/answer reg-ecommerce-law-art10' }]
 */
export function faqLinks(source: FaqSource, ids: readonly string[]): Suggestion[] {
  const answerer = source.current();
  const links: Suggestion[] = [];
  for (const id of new Set(ids)) {
    const entry = answerer?.entry(id);
    if (entry) links.push({ label: entry.question, action: showAction(id) });
    if (links.length >= MAX_FAQ_LINKS) break;
  }
  return links;
}
