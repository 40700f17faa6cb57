import type { Reply } from '../core/message.js';
import type { Locale } from '../core/texts.js';
import { formatLocal } from '../core/time.js';
import { formatSpan } from './durations.js';
import { formatEventTime } from './local-time.js';
import type { Announcement, CalendarEvent, DeliveryCounts, Job } from './schemas.js';
import { fieldNames, TEXTS } from './texts.js';

/** How to register, as shown to merchants: the admin's text, or "reply 报名 <id>" when there is none. */
function registerLine(event: CalendarEvent, locale: Locale): string {
  return event.register ? TEXTS[locale].register(event.register) : TEXTS[locale].registerByReply(event.id);
}

function when(event: CalendarEvent, zone: string, locale: Locale): string {
  const start = formatEventTime(event.start, zone, locale);
  if (!event.end) return start;
  const sameDay = formatLocal(event.start, zone, 'YYYY-MM-DD') === formatLocal(event.end, zone, 'YYYY-MM-DD');
  return TEXTS[locale].range(start, sameDay ? formatLocal(event.end, zone, 'HH:mm') : formatEventTime(event.end, zone, locale));
}

/** The lines every event message shares: time, place, link, registration, regions, description. */
export function eventDetails(event: CalendarEvent, zone: string, locale: Locale, options: { description?: boolean } = {}): string {
  const t = TEXTS[locale];
  return [
    t.time(when(event, zone, locale)),
    event.place && t.place(event.place),
    event.link && t.online(event.link),
    registerLine(event, locale),
    event.regions.length ? t.regions(t.list(event.regions)) : '',
    options.description !== false && event.description ? `\n${event.description}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** `2026-12-05（周六）09:00 · 县电商公共服务中心三楼` (or `· 线上`): when and where in one line. */
export function whenAndWhere(event: CalendarEvent, zone: string, locale: Locale): string {
  const where = event.place ?? (event.link ? TEXTS[locale].onlineShort : '');
  return `${when(event, zone, locale)}${where ? ` · ${where}` : ''}`;
}

/** One line per event for /events: `#3 【培训】直播带货实操培训`, then time and place. */
export function eventSummary(event: CalendarEvent, zone: string, locale: Locale): string {
  return `#${event.id} ${eventTitle(event, locale)}\n   ${whenAndWhere(event, zone, locale)}\n   ${registerLine(event, locale)}`;
}

/** `培训｜直播带货实操培训` (renderers put titles in 【】 or bold, so no brackets here). */
export function eventTitle(event: CalendarEvent, locale: Locale): string {
  return TEXTS[locale].title(TEXTS[locale].kind(event.kind), event.title);
}

/** What a job says to one chat, rendered when it is sent (so a reminder shows the event as it is now). */
export function renderJob(
  job: Job,
  subject: { event?: CalendarEvent; announcement?: Announcement },
  zone: string,
  now: Date,
  locale: Locale,
): Reply | undefined {
  const t = TEXTS[locale];
  const { event, announcement } = subject;
  if (job.kind === 'announcement') return announcement && { title: t.notice, text: announcement.text };
  if (!event) return undefined;
  switch (job.kind) {
    case 'event-new':
      return {
        title: t.newEvent(eventTitle(event, locale)),
        text: `${eventDetails(event, zone, locale)}\n\n${t.newEventFooter(event.id)}`,
      };
    case 'reminder':
      return {
        title: t.reminder(formatSpan(new Date(event.start).getTime() - now.getTime(), locale)),
        text: `${eventTitle(event, locale)}\n${eventDetails(event, zone, locale, { description: false })}`,
      };
    case 'event-update':
      return {
        title: t.changed(event.title),
        text: t.changedText(fieldNames(job.changes ?? [], locale), eventDetails(event, zone, locale, { description: false })),
      };
    case 'event-cancel':
      return { title: t.cancelled(event.title), text: t.cancelledText(formatEventTime(event.start, zone, locale), event.title) };
  }
  return undefined;
}

/** `通知 j12` / `活动提醒(1d) #3 直播带货…`: names a job in reports and /deliveries. */
export function jobName(job: Job, subject: { event?: CalendarEvent; announcement?: Announcement }, locale: Locale): string {
  const t = TEXTS[locale];
  const what = job.kind === 'reminder' ? `${t.job(job.kind)}(${job.offset})` : t.job(job.kind);
  if (subject.event) return `${what} #${subject.event.id} ${subject.event.title}`;
  const text = subject.announcement?.text ?? '';
  return `${what}${t.quoted(text.length > 20 ? text.slice(0, 20) + '…' : text)}`;
}

/** `成功 180 · 失败 2 · 已移除 3 · 未知 1 · 跳过 0`. */
export function countsLine(counts: DeliveryCounts, locale: Locale): string {
  return TEXTS[locale].counts(counts);
}

/** The report the job's owner gets when every delivery has settled. */
export function reportReply(job: Job, name: string, counts: DeliveryCounts, tookMs: number, locale: Locale, resent = false): Reply {
  const t = TEXTS[locale];
  const notes = [
    counts.removed ? t.removedNote : '',
    counts.unknown ? t.unknownNote(job.id) : '',
    counts.failed ? t.failedNote : '',
  ].filter(Boolean);
  const chats = counts.sent + counts.failed + counts.removed + counts.unknown + counts.skipped;
  return {
    title: resent ? t.resentTitle : t.reportTitle,
    text: [t.reportTotal(name, chats, formatSpan(tookMs, locale)), countsLine(counts, locale), ...notes].join('\n'),
  };
}
