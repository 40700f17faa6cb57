import type { ChatDirectory } from '../core/chat-directory.js';
import type { Locale } from '../core/texts.js';
import type { CalendarEvent, EventKind, Subscription, SubscriptionTopic } from './schemas.js';
import { TEXTS } from './texts.js';

// A Map, not an object literal: the word comes from a user, and `__proto__` or `constructor` must find nothing.
const TOPIC_WORDS = new Map<string, SubscriptionTopic | 'all'>(
  Object.entries({
    培训: '培训',
    课程: '培训',
    training: '培训',
    展会: '展会',
    展览: '展会',
    会展: '展会',
    论坛: '展会',
    exhibition: '展会',
    forum: '展会',
    政策: '政策',
    policy: '政策',
    全部: 'all',
    所有: 'all',
    all: 'all',
  } satisfies Record<string, SubscriptionTopic | 'all'>),
);

/** A topic word as people type it (培训, 课程, training, 全部…), or undefined when the word is no topic. */
export function parseTopic(word: string): SubscriptionTopic | 'all' | undefined {
  return TOPIC_WORDS.get(word.trim().toLowerCase());
}

/** The topic an event is announced under when the form names none. */
export const KIND_TOPIC: Record<EventKind, SubscriptionTopic> = { training: '培训', exhibition: '展会', forum: '展会', other: '政策' };

/** Splits a list typed with any of the usual separators: `临安, 於潜、昌化`. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、;；/]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

function regionsMeet(subscribed: string[], targeted: string[]): boolean {
  return !subscribed.length || !targeted.length || targeted.some((r) => subscribed.includes(r));
}

function topicWanted(subscription: Subscription, topic: SubscriptionTopic | undefined): boolean {
  return topic === undefined || subscription.topics === 'all' || subscription.topics.includes(topic);
}

/** The subscription wants this event: its topic, and a shared region unless either side names none. */
export function wantsEvent(subscription: Subscription, event: CalendarEvent): boolean {
  return topicWanted(subscription, event.topic) && regionsMeet(subscription.regions, event.regions);
}

/** The subscription is in an announcement's audience (`#topic`, `@region`; either may be absent). */
export function wantsAnnouncement(subscription: Subscription, filter: { topic?: SubscriptionTopic; region?: string }): boolean {
  return topicWanted(subscription, filter.topic) && regionsMeet(subscription.regions, filter.region ? [filter.region] : []);
}

/**
 * The subscribed chats (keys) that `wants` picks, leaving out those that removed or blocked the bot: whom a
 * fan-out goes to, and so the count an admin is shown before it.
 */
export function audience(
  subscriptions: Readonly<Record<string, Subscription>>,
  chats: ChatDirectory,
  wants: (subscription: Subscription) => boolean,
): string[] {
  return Object.keys(subscriptions).filter((key) => wants(subscriptions[key]!) && chats.isActive(key));
}

/** `培训、展会 · 临安` or `全部主题 · 全部地区`, how a subscription reads in /mysubs and /subscriptions. */
export function describeSubscription(subscription: Pick<Subscription, 'topics' | 'regions'>, locale: Locale): string {
  const t = TEXTS[locale];
  const topics = subscription.topics === 'all' ? t.allTopics : t.list(subscription.topics.map(t.topic));
  const regions = subscription.regions.length ? t.list(subscription.regions) : t.allRegions;
  return `${topics} · ${regions}`;
}
