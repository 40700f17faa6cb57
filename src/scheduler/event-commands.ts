import { z } from 'zod';
import { defineCommand, refuseNonAdmin, type Command } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import { formatLocal } from '../core/time.js';
import { audience, wantsEvent } from './audience.js';
import { cancelEvent, createEvent, editEvent, upcomingEvents, type PlanSummary } from './calendar.js';
import type { SchedulerDeps } from './deps.js';
import { offsetLabel, parseDuration } from './durations.js';
import { formatErrors, parseEventAdd, parseEventEdit } from './event-form.js';
import { eventDetails, eventSummary, eventTitle, whenAndWhere } from './messages.js';
import type { CalendarEvent } from './schemas.js';
import { TEXTS } from './texts.js';
import { inEveryLocale } from '../core/texts.js';

const ADD_USAGE = [
  '/event add 2026-12-05 09:00 | 直播带货实操培训 | 县电商公共服务中心三楼 | 培训',
  '（一行：时间 | 标题 | 地点或链接 | 类型 [| 报名方式 | 地区]）',
  '或多行：',
  '/event add',
  '时间: 2026-12-05 09:00-17:00',
  '标题: 直播带货实操培训',
  '类型: 培训（培训、展会、论坛、其他）',
  '地点: 县电商公共服务中心三楼',
  '链接: https://…（线上）',
  '报名: 电话 0571-12345678',
  '地区: 临安、於潜',
  '说明: 请带上手机和充电器',
].join('\n');

/** `/event add` etc. are refused to non-admins the way the runtime refuses admin commands. */
// `/event add|edit|cancel` are admin verbs of a command members may use, so the check is here, not in the table.
function refuseUnlessAdmin(ctx: BotContext, what: string): boolean {
  if (ctx.role === 'admin') return false;
  refuseNonAdmin(ctx, `event ${what}`);
  return true;
}

function findEvent(deps: SchedulerDeps, ctx: BotContext, raw: string): CalendarEvent | undefined {
  const id = /^#?(\d+)$/.exec(raw.trim())?.[1];
  const event = id ? deps.state.event(id) : undefined;
  if (!event) ctx.reply(id ? TEXTS[ctx.locale].noSuchEvent(id) : TEXTS[ctx.locale].whichEvent);
  return event;
}

function planLines(deps: SchedulerDeps, plan: PlanSummary): string {
  const at = (d: Date) => formatLocal(d, deps.timezone, 'MM-DD HH:mm');
  const lines = [
    plan.reminders.length
      ? `提醒：${plan.reminders.map((r) => `${at(r.due)}（提前${offsetLabel(r.offset)}）`).join('、')}`
      : '不发提醒（BOT_REMINDER_OFFSETS 为空或都已过时）',
  ];
  if (plan.past.length) lines.push(`已过时、不会发送的提醒：${plan.past.map((r) => `提前${offsetLabel(r.offset)}`).join('、')}`);
  return lines.join('\n');
}

async function add(deps: SchedulerDeps, ctx: BotContext, text: string): Promise<void> {
  if (!text.trim()) return ctx.reply(`请写上活动信息：\n${ADD_USAGE}`);
  const form = parseEventAdd(text, { zone: deps.timezone, now: deps.now() });
  if (!form.ok) return ctx.reply(`活动信息有误，没有添加：\n${formatErrors(form.errors)}\n\n格式：\n${ADD_USAGE}`);
  const { event, ...plan } = await createEvent(deps, form.value, ctx.userKey);
  ctx.log.info({ event: event.id }, 'event added');
  ctx.reply({
    title: `已添加活动 #${event.id}`,
    text: `${eventTitle(event, ctx.locale)}\n${eventDetails(event, deps.timezone, ctx.locale)}\n\n将通知 ${audience(deps.state.subscriptions, deps.chats, (s) => wantsEvent(s, event)).length} 个订阅的聊天。\n${planLines(deps, plan)}\n修改：/event edit ${event.id} 时间: …；取消：/event cancel ${event.id}`,
  });
}

async function edit(deps: SchedulerDeps, ctx: BotContext, text: string): Promise<void> {
  const m = /^#?(\d+)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return ctx.reply('用法：/event edit 编号 字段: 内容（每行一个字段，例如 时间: 2026-12-06 09:00；写“无”清空）');
  const event = findEvent(deps, ctx, m[1]!);
  if (!event) return;
  if (event.status === 'cancelled') return ctx.reply(`活动 #${event.id} 已取消，不能再修改。`);
  const form = parseEventEdit(m[2]!, event, { zone: deps.timezone, now: deps.now() });
  if (!form.ok) return ctx.reply(`没有修改：\n${formatErrors(form.errors)}`);
  if (!form.value.changed.length) return ctx.reply('内容和原来一样，没有修改。');
  const { replanned, notice } = await editEvent(deps, event, form.value.draft, form.value.changed, ctx.userKey);
  ctx.log.info({ event: event.id, changed: form.value.changed }, 'event edited');
  const lines = [
    `已修改活动 #${event.id}（${form.value.changed.join('、')}）：`,
    eventTitle(event, ctx.locale),
    eventDetails(event, deps.timezone, ctx.locale),
  ];
  if (replanned) lines.push('', `提醒已按新时间重新安排。${planLines(deps, replanned)}`);
  if (notice) lines.push('已收到过此活动消息的聊天会收到变更通知。');
  ctx.reply(lines.join('\n'));
}

async function cancel(deps: SchedulerDeps, ctx: BotContext, text: string): Promise<void> {
  const event = findEvent(deps, ctx, text);
  if (!event) return;
  if (event.status === 'cancelled') return ctx.reply(`活动 #${event.id} 已经取消过了。`);
  await cancelEvent(deps, event, ctx.userKey);
  ctx.log.info({ event: event.id }, 'event cancelled');
  ctx.reply(`已取消活动 #${event.id} ${event.title}。还没发出的通知和提醒不再发送；已收到过通知的聊天会收到取消通知。`);
}

function show(deps: SchedulerDeps, ctx: BotContext, event: CalendarEvent): void {
  const lines = [eventDetails(event, deps.timezone, ctx.locale)];
  if (event.status === 'cancelled') lines.unshift(TEXTS[ctx.locale].isCancelled);
  if (ctx.role === 'admin') {
    const names = event.interest
      .map((i) => i.name)
      .slice(0, 20)
      .join('、');
    lines.push('', `报名意向：${event.interest.length} 人${names ? `（${names}${event.interest.length > 20 ? '…' : ''}）` : ''}`);
    const jobs = deps.state.jobsOf(event.id).filter((j) => j.kind === 'reminder' && (j.status === 'pending' || j.status === 'planned'));
    const ahead = (text = '') => {
      const offset = parseDuration(text);
      return offset ? `提前${offsetLabel(offset)}` : text;
    };
    if (jobs.length)
      lines.push(`待发提醒：${jobs.map((j) => `${formatLocal(j.due, deps.timezone, 'MM-DD HH:mm')}（${ahead(j.offset)}）`).join('、')}`);
    lines.push(`版本 ${event.version}`);
  }
  ctx.reply({ title: `#${event.id} ${eventTitle(event, ctx.locale)}`, text: lines.join('\n') });
}

function list(deps: SchedulerDeps, ctx: BotContext): void {
  const events = upcomingEvents(deps.state, deps.now()).slice(0, 10);
  const t = TEXTS[ctx.locale];
  const footer = [t.eventsFooter];
  if (deps.calendarUrl) footer.push(t.calendar(deps.calendarUrl));
  if (!events.length) return ctx.reply({ title: t.upcoming, text: [t.noUpcoming, ...footer].join('\n') });
  const items = events.map(
    (e) => eventSummary(e, deps.timezone, ctx.locale) + (ctx.role === 'admin' ? `\n   报名意向 ${e.interest.length} 人` : ''),
  );
  ctx.reply({ title: t.upcoming, text: [...items, '', ...footer].join('\n') });
}

/** `/events` and `/event` with no id list the upcoming events; with an id they show that one. */
function listOrShow(deps: SchedulerDeps, ctx: BotContext, text: string): void {
  if (!text.trim()) return list(deps, ctx);
  const event = findEvent(deps, ctx, text);
  if (event) show(deps, ctx, event);
}

/** The admin verbs of `/event`. A Map, so `/event constructor` is no verb. */
const VERBS = new Map(Object.entries({ add, 添加: add, 新增: add, edit, 修改: edit, cancel, 取消: cancel }));

/** /events, /event (with add, edit, cancel for admins), their Chinese twins, and 报名. */
export function eventCommands(deps: () => SchedulerDeps): Command<string>[] {
  const adminCommand = (name: string, aliases: string[], zh: string, en: string, usage: string, run: typeof add) =>
    defineCommand({
      name,
      aliases,
      summary: { 'zh-CN': zh, en },
      usage,
      admin: true,
      args: z.string(),
      run: (ctx, text) => run(deps(), ctx, text),
    });
  return [
    defineCommand({
      name: 'events',
      aliases: ['活动', '近期活动', '活动列表'],
      summary: { 'zh-CN': '近期的培训、展会和怎么报名', en: 'upcoming trainings and exhibitions' },
      usage: inEveryLocale(TEXTS, (t) => t.eventsUsage),
      args: z.string(),
      run: (ctx, text) => listOrShow(deps(), ctx, text),
    }),
    defineCommand({
      name: 'event',
      aliases: ['活动详情'],
      summary: { 'zh-CN': '查看一个活动：/event 编号', en: 'one event: /event <id>' },
      usage: inEveryLocale(TEXTS, (t) => t.eventUsage),
      args: z.string(),
      run: async (ctx, text) => {
        const [, verb = '', rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
        const run = VERBS.get(verb.toLowerCase());
        if (!run) return listOrShow(deps(), ctx, text);
        if (refuseUnlessAdmin(ctx, verb.toLowerCase())) return;
        await run(deps(), ctx, rest);
      },
    }),
    adminCommand('addevent', ['添加活动', '新增活动'], '添加活动（同 /event add）', 'add an event (same as /event add)', ADD_USAGE, add),
    adminCommand(
      'editevent',
      ['修改活动'],
      '修改活动（同 /event edit）',
      'edit an event (same as /event edit)',
      '/editevent 编号 字段: 内容',
      edit,
    ),
    adminCommand(
      'cancelevent',
      ['取消活动'],
      '取消活动并通知已告知的聊天',
      'cancel an event and tell those told',
      '/cancelevent 编号',
      cancel,
    ),
    defineCommand({
      name: 'signup',
      aliases: ['报名'],
      summary: { 'zh-CN': '登记报名意向：报名 编号', en: 'register interest: /signup <id>' },
      usage: inEveryLocale(TEXTS, (t) => t.signupUsage),
      args: z.string(),
      run: async (ctx, text) => {
        const d = deps();
        const event = findEvent(d, ctx, text);
        if (!event) return;
        const now = d.now();
        const t = TEXTS[ctx.locale];
        if (event.status === 'cancelled' || (event.end ?? event.start) <= now.toISOString())
          return ctx.reply(t.signupClosed(event.id, event.status === 'cancelled'));
        const extra = event.register ? t.signupHow(event.register) : '';
        const signedUp = () => event.interest.some((i) => i.user === ctx.userKey);
        if (signedUp()) return ctx.reply(t.alreadySignedUp(event.id, event.title, extra));
        await d.state.change(() => {
          if (!signedUp())
            event.interest.push({ user: ctx.userKey, name: ctx.message.sender.name, chat: ctx.chatKey, at: now.toISOString() });
        });
        ctx.log.info({ event: event.id }, 'interest recorded');
        ctx.reply(t.signedUp(event.id, event.title, whenAndWhere(event, d.timezone, ctx.locale), extra));
      },
    }),
  ];
}
