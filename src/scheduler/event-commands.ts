import { z } from 'zod';
import { defineCommand, refuseNonAdmin, type Command } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import { audience, wantsEvent } from './audience.js';
import { cancelEvent, createEvent, editEvent, upcomingEvents, type PlanSummary } from './calendar.js';
import type { SchedulerDeps } from './deps.js';
import { offsetLabel, parseDuration } from './durations.js';
import { formatErrors, parseEventAdd, parseEventEdit } from './event-form.js';
import { formatShortTime } from './local-time.js';
import { eventDetails, eventSummary, eventTitle, whenAndWhere } from './messages.js';
import type { CalendarEvent } from './schemas.js';
import { ADMIN_TEXTS, fieldNames, TEXTS } from './texts.js';
import { inEveryLocale, type Locale } from '../core/texts.js';

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

/** `提前2小时` (`2 h before`): how long before the start a reminder goes. */
function ahead(offset: string | undefined, locale: Locale): string {
  const parsed = parseDuration(offset ?? '');
  return parsed ? ADMIN_TEXTS[locale].ahead(offsetLabel(parsed, locale)) : (offset ?? '');
}

function planLines(deps: SchedulerDeps, plan: PlanSummary, locale: Locale): string {
  const t = ADMIN_TEXTS[locale];
  const list = TEXTS[locale].list;
  const lines = [
    plan.reminders.length
      ? t.reminders(
          list(plan.reminders.map((r) => t.reminderAt(formatShortTime(r.due, deps.timezone, locale), ahead(r.offset.text, locale)))),
        )
      : t.noReminders,
  ];
  if (plan.past.length) lines.push(t.pastReminders(list(plan.past.map((r) => ahead(r.offset.text, locale)))));
  return lines.join('\n');
}

async function add(deps: SchedulerDeps, ctx: BotContext, text: string): Promise<void> {
  const t = ADMIN_TEXTS[ctx.locale];
  if (!text.trim()) return ctx.reply(t.addWhat(t.addUsage));
  const form = parseEventAdd(text, { zone: deps.timezone, now: deps.now(), locale: ctx.locale });
  if (!form.ok) return ctx.reply(t.addInvalid(formatErrors(form.errors, ctx.locale), t.addUsage));
  const { event, ...plan } = await createEvent(deps, form.value, ctx.userKey);
  ctx.log.info({ event: event.id }, 'event added');
  const chats = audience(deps.state.subscriptions, deps.chats, (s) => wantsEvent(s, event)).length;
  ctx.reply({
    title: t.added(event.id),
    text: t.addedText(
      `${eventTitle(event, ctx.locale)}\n${eventDetails(event, deps.timezone, ctx.locale)}`,
      chats,
      planLines(deps, plan, ctx.locale),
      event.id,
    ),
  });
}

async function edit(deps: SchedulerDeps, ctx: BotContext, text: string): Promise<void> {
  const t = ADMIN_TEXTS[ctx.locale];
  const m = /^#?(\d+)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return ctx.reply(t.editHow);
  const event = findEvent(deps, ctx, m[1]!);
  if (!event) return;
  if (event.status === 'cancelled') return ctx.reply(t.editCancelled(event.id));
  const form = parseEventEdit(m[2]!, event, { zone: deps.timezone, now: deps.now(), locale: ctx.locale });
  if (!form.ok) return ctx.reply(t.editInvalid(formatErrors(form.errors, ctx.locale)));
  if (!form.value.changed.length) return ctx.reply(t.unchanged);
  const { replanned, notice } = await editEvent(deps, event, form.value.draft, form.value.changed, ctx.userKey);
  ctx.log.info({ event: event.id, changed: form.value.changed }, 'event edited');
  const lines = [
    t.edited(event.id, fieldNames(form.value.changed, ctx.locale)),
    eventTitle(event, ctx.locale),
    eventDetails(event, deps.timezone, ctx.locale),
  ];
  if (replanned) lines.push('', t.replanned(planLines(deps, replanned, ctx.locale)));
  if (notice) lines.push(t.changeNotice);
  ctx.reply(lines.join('\n'));
}

async function cancel(deps: SchedulerDeps, ctx: BotContext, text: string): Promise<void> {
  const event = findEvent(deps, ctx, text);
  if (!event) return;
  const t = ADMIN_TEXTS[ctx.locale];
  if (event.status === 'cancelled') return ctx.reply(t.alreadyCancelled(event.id));
  await cancelEvent(deps, event, ctx.userKey);
  ctx.log.info({ event: event.id }, 'event cancelled');
  ctx.reply(t.eventCancelled(event.id, event.title));
}

function show(deps: SchedulerDeps, ctx: BotContext, event: CalendarEvent): void {
  const lines = [eventDetails(event, deps.timezone, ctx.locale)];
  if (event.status === 'cancelled') lines.unshift(TEXTS[ctx.locale].isCancelled);
  if (ctx.role === 'admin') {
    const t = ADMIN_TEXTS[ctx.locale];
    const list = TEXTS[ctx.locale].list;
    const names = list(event.interest.map((i) => i.name).slice(0, 20));
    lines.push('', t.interest(event.interest.length, names && `${names}${event.interest.length > 20 ? '…' : ''}`));
    const jobs = deps.state.jobsOf(event.id).filter((j) => j.kind === 'reminder' && (j.status === 'pending' || j.status === 'planned'));
    if (jobs.length)
      lines.push(
        t.pendingReminders(
          list(jobs.map((j) => t.reminderAt(formatShortTime(j.due, deps.timezone, ctx.locale), ahead(j.offset, ctx.locale)))),
        ),
      );
    lines.push(t.version(event.version));
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
    (e) =>
      eventSummary(e, deps.timezone, ctx.locale) +
      (ctx.role === 'admin' ? `\n   ${ADMIN_TEXTS[ctx.locale].interestCount(e.interest.length)}` : ''),
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
  const adminCommand = (name: string, aliases: string[], zh: string, en: string, usage: Record<Locale, string>, run: typeof add) =>
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
    adminCommand(
      'addevent',
      ['添加活动', '新增活动'],
      '添加活动（同 /event add）',
      'add an event (same as /event add)',
      inEveryLocale(ADMIN_TEXTS, (t) => t.addUsage),
      add,
    ),
    adminCommand(
      'editevent',
      ['修改活动'],
      '修改活动（同 /event edit）',
      'edit an event (same as /event edit)',
      inEveryLocale(ADMIN_TEXTS, (t) => t.editUsage),
      edit,
    ),
    adminCommand(
      'cancelevent',
      ['取消活动'],
      '取消活动并通知已告知的聊天',
      'cancel an event and tell those told',
      inEveryLocale(ADMIN_TEXTS, (t) => t.cancelUsage),
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
