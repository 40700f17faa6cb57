import { z } from 'zod';
import { defineCommand, mayManageGroup, noArgs, type Command } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import { describeSubscription, parseTopic, splitList } from './audience.js';
import type { SchedulerDeps } from './deps.js';
import { TOPICS, type Subscription, type Topic } from './schemas.js';

/** In a group only its admins (or bot admins) decide what the group receives; in private the person does. */
const mayManage = (ctx: BotContext) => mayManageGroup(ctx, { 'zh-CN': '为本群订阅或退订', en: 'subscribe or unsubscribe this group' });

/** Reads `培训 展会 临安`: topic words become topics, any other word a region tag. */
function parseSubscribeArgs(text: string): Pick<Subscription, 'topics' | 'regions'> {
  const topics = new Set<Topic | 'all'>();
  const regions: string[] = [];
  for (const word of splitList(text)) {
    const topic = parseTopic(word);
    if (topic) topics.add(topic);
    else regions.push(word);
  }
  return { topics: !topics.size || topics.has('all') ? 'all' : ([...topics] as Topic[]), regions };
}

/** /subscribe, /unsubscribe, /mysubs and the admins' /subscriptions. */
export function subscriptionCommands(deps: () => SchedulerDeps): Command<string | undefined>[] {
  return [
    defineCommand({
      name: 'subscribe',
      aliases: ['订阅'],
      summary: { 'zh-CN': '订阅活动和通知：/subscribe [培训 展会 政策] [地区]', en: 'get events and notices here: /subscribe [topics] [regions]' },
      usage: '/subscribe [培训|展会|政策|全部] [地区…]，例如：/subscribe 培训 临安',
      args: z.string(),
      run: async (ctx, text) => {
        if (!(await mayManage(ctx))) return;
        const { state, now } = deps();
        const chat = ctx.message.chat;
        const choice = parseSubscribeArgs(text);
        const { thread } = ctx.message;
        await state.changeSubscriptions((subscriptions) => {
          subscriptions[ctx.chatKey] = { chat: { platform: chat.platform, id: chat.id, kind: chat.kind, title: chat.title }, ...choice, by: ctx.userKey, ...(thread ? { thread } : {}), at: now().toISOString() };
        });
        ctx.reply(`已订阅：${describeSubscription(choice)}。\n新活动、活动提醒和通知会发到这里。退订请发 /unsubscribe（退订）。`);
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
        if (!state.subscription(ctx.chatKey)) return ctx.reply('这里没有订阅，无需退订。');
        if (!(await mayManage(ctx))) return;
        await state.changeSubscriptions((subscriptions) => delete subscriptions[ctx.chatKey]);
        ctx.reply('已退订，不会再收到活动和通知。想再订阅请发 /subscribe（订阅）。');
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
        ctx.reply(sub ? `本聊天订阅了：${describeSubscription(sub)}。\n修改请重新发 /subscribe，退订发 /unsubscribe。` : '本聊天还没有订阅。发 /subscribe 培训（或 展会、政策、全部）即可订阅，可加地区，例如：/subscribe 培训 临安');
      },
    }),
    defineCommand({
      name: 'subscriptions',
      aliases: ['订阅列表'],
      summary: { 'zh-CN': '查看所有订阅（谁收什么）', en: 'every subscription: who gets what' },
      usage: '/subscriptions [关键字]',
      admin: true,
      args: z.string(),
      run: (ctx, filter) => {
        const { state, chats } = deps();
        const all = Object.entries(state.subscriptions).filter(([key, s]) => !filter || key.includes(filter) || (s.chat.title ?? '').includes(filter));
        if (!all.length) return ctx.reply(filter ? `没有匹配“${filter}”的订阅。` : '还没有任何订阅。');
        const inactive = all.filter(([key]) => !chats.isActive(key)).length;
        const byTopic = TOPICS.map((t) => `${t} ${all.filter(([, s]) => s.topics === 'all' || s.topics.includes(t)).length}`).join(' · ');
        const shown = all.slice(0, 50).map(([key, s]) => {
          const off = chats.isActive(key) ? '' : '（已停用）';
          return `· ${s.chat.title ?? (s.chat.kind === 'private' ? '私聊' : '群')} ${key}：${describeSubscription(s)}${off}`;
        });
        const more = all.length > shown.length ? `\n……还有 ${all.length - shown.length} 个，可加关键字筛选：/subscriptions 关键字` : '';
        ctx.reply({ title: '订阅列表', text: `共 ${all.length} 个聊天（已停用 ${inactive}）；按主题：${byTopic}\n${shown.join('\n')}${more}` });
      },
    }),
  ];
}
