import { z } from 'zod';
import { defineCommand, mayManageGroup, noArgs, type Command } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import { describeSubscription, parseTopic, splitList } from './audience.js';
import type { SchedulerDeps } from './deps.js';
import { ADMIN_TEXTS, TEXTS } from './texts.js';
import { inEveryLocale } from '../core/texts.js';
import { SUBSCRIPTION_TOPICS, type Subscription, type SubscriptionTopic } from './schemas.js';

/** In a group only its admins (or bot admins) decide what the group receives; in private the person does. */
const mayManage = (ctx: BotContext) =>
  mayManageGroup(
    ctx,
    inEveryLocale(TEXTS, (t) => t.manageAction),
  );

/** Reads `培训 展会 临安`: topic words become topics, any other word a region tag (the console's group page too). */
export function parseSubscribeArgs(text: string): Pick<Subscription, 'topics' | 'regions'> {
  const topics = new Set<SubscriptionTopic | 'all'>();
  const regions: string[] = [];
  for (const word of splitList(text)) {
    const topic = parseTopic(word);
    if (topic) topics.add(topic);
    else regions.push(word);
  }
  return { topics: !topics.size || topics.has('all') ? 'all' : ([...topics] as SubscriptionTopic[]), regions };
}

/** /subscribe, /unsubscribe, /mysubs and the admins' /subscriptions. */
export function subscriptionCommands(deps: () => SchedulerDeps): Command<string | undefined>[] {
  return [
    defineCommand({
      name: 'subscribe',
      aliases: ['订阅'],
      summary: {
        'zh-CN': '订阅活动和通知：/subscribe [培训 展会 政策] [地区]',
        en: 'get events and notices here: /subscribe [topics] [regions]',
      },
      usage: inEveryLocale(TEXTS, (t) => t.subscribeUsage),
      args: z.string(),
      run: async (ctx, text) => {
        if (!(await mayManage(ctx))) return;
        const { state, now } = deps();
        const chat = ctx.message.chat;
        const choice = parseSubscribeArgs(text);
        const { thread } = ctx.message;
        await state.changeSubscriptions((subscriptions) => {
          subscriptions[ctx.chatKey] = {
            chat: { platform: chat.platform, id: chat.id, kind: chat.kind, title: chat.title },
            ...choice,
            by: ctx.userKey,
            ...(thread ? { thread } : {}),
            at: now().toISOString(),
          };
        });
        ctx.reply(TEXTS[ctx.locale].subscribed(describeSubscription(choice, ctx.locale)));
      },
    }),
    defineCommand({
      name: 'unsubscribe',
      aliases: ['退订', '取消订阅'],
      summary: { 'zh-CN': '退订活动和通知', en: 'stop events and notices here' },
      usage: '/unsubscribe',
      args: noArgs,
      run: async (ctx) => {
        const { state } = deps();
        if (!state.subscription(ctx.chatKey)) return ctx.reply(TEXTS[ctx.locale].nothingToUnsubscribe);
        if (!(await mayManage(ctx))) return;
        await state.changeSubscriptions((subscriptions) => delete subscriptions[ctx.chatKey]);
        ctx.reply(TEXTS[ctx.locale].unsubscribed);
      },
    }),
    defineCommand({
      name: 'mysubs',
      aliases: ['我的订阅'],
      summary: { 'zh-CN': '查看本聊天的订阅', en: 'what this chat is subscribed to' },
      usage: '/mysubs',
      args: noArgs,
      run: (ctx) => {
        const sub = deps().state.subscription(ctx.chatKey);
        ctx.reply(sub ? TEXTS[ctx.locale].mySubscription(describeSubscription(sub, ctx.locale)) : TEXTS[ctx.locale].noSubscription);
      },
    }),
    defineCommand({
      name: 'subscriptions',
      aliases: ['订阅列表'],
      summary: { 'zh-CN': '查看所有订阅（谁收什么）', en: 'every subscription: who gets what' },
      usage: inEveryLocale(ADMIN_TEXTS, (t) => t.subscriptionsUsage),
      admin: true,
      args: z.string(),
      run: (ctx, filter) => {
        const { state, chats } = deps();
        const t = ADMIN_TEXTS[ctx.locale];
        const all = Object.entries(state.subscriptions).filter(
          ([key, s]) => !filter || key.includes(filter) || (s.chat.title ?? '').includes(filter),
        );
        if (!all.length) return ctx.reply(filter ? t.noMatch(filter) : t.noSubscriptions);
        const inactive = all.filter(([key]) => !chats.isActive(key)).length;
        const byTopic = SUBSCRIPTION_TOPICS.map((topic) =>
          t.topicCount(TEXTS[ctx.locale].topic(topic), all.filter(([, s]) => s.topics === 'all' || s.topics.includes(topic)).length),
        ).join(' · ');
        const shown = all.slice(0, 50).map(([key, s]) => {
          const name = s.chat.title ?? (s.chat.kind === 'private' ? t.privateChat : t.groupChat);
          return t.subscriptionLine(name, key, describeSubscription(s, ctx.locale), chats.isActive(key) ? '' : t.inactive);
        });
        const more = all.length > shown.length ? t.moreSubscriptions(all.length - shown.length) : '';
        ctx.reply({ title: t.subscriptionsTitle, text: t.subscriptionsText(all.length, inactive, byTopic, shown.join('\n'), more) });
      },
    }),
  ];
}
