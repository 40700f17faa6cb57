import type { Reply } from '../core/message.js';
import { formatLocal } from '../core/time.js';
import { formatSpan } from './durations.js';
import { formatEventTime } from './local-time.js';
import type { Announcement, CalendarEvent, DeliveryCounts, Job } from './schemas.js';

const KIND_NAMES: Record<CalendarEvent['kind'], string> = { training: '培训', exhibition: '展会', forum: '论坛', other: '活动' };

/** How to register, as shown to merchants: the admin's text, or "reply 报名 <id>" when there is none. */
function registerLine(event: CalendarEvent): string {
  return event.register ? `报名：${event.register}` : `报名：回复“报名 ${event.id}”`;
}

function when(event: CalendarEvent, zone: string): string {
  const start = formatEventTime(event.start, zone);
  if (!event.end) return start;
  const sameDay = formatLocal(event.start, zone, 'YYYY-MM-DD') === formatLocal(event.end, zone, 'YYYY-MM-DD');
  return `${start} 至 ${sameDay ? formatLocal(event.end, zone, 'HH:mm') : formatEventTime(event.end, zone)}`;
}

/** The lines every event message shares: time, place, link, registration, regions, description. */
export function eventDetails(event: CalendarEvent, zone: string, options: { description?: boolean } = {}): string {
  return [
    `时间：${when(event, zone)}`,
    event.place && `地点：${event.place}`,
    event.link && `线上：${event.link}`,
    registerLine(event),
    event.regions.length ? `地区：${event.regions.join('、')}` : '',
    options.description !== false && event.description ? `\n${event.description}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** `2026-12-05（周六）09:00 · 县电商公共服务中心三楼` (or `· 线上`): when and where in one line. */
export function whenAndWhere(event: CalendarEvent, zone: string): string {
  const where = event.place ?? (event.link ? '线上' : '');
  return `${when(event, zone)}${where ? ` · ${where}` : ''}`;
}

/** One line per event for /events: `#3 【培训】直播带货实操培训`, then time and place. */
export function eventSummary(event: CalendarEvent, zone: string): string {
  return `#${event.id} ${eventTitle(event)}\n   ${whenAndWhere(event, zone)}\n   ${registerLine(event)}`;
}

/** `培训｜直播带货实操培训` (renderers put titles in 【】 or bold, so no brackets here). */
export function eventTitle(event: CalendarEvent): string {
  return `${KIND_NAMES[event.kind]}｜${event.title}`;
}

/** What a job says to one chat, rendered when it is sent (so a reminder shows the event as it is now). */
export function renderJob(job: Job, subject: { event?: CalendarEvent; announcement?: Announcement }, zone: string, now: Date): Reply | undefined {
  const { event, announcement } = subject;
  if (job.kind === 'announcement') return announcement && { title: '通知', text: announcement.text };
  if (!event) return undefined;
  switch (job.kind) {
    case 'event-new':
      return { title: `新活动：${eventTitle(event)}`, text: `${eventDetails(event, zone)}\n\n活动编号 ${event.id}，发送“/event ${event.id}”查看详情。` };
    case 'reminder':
      return { title: `活动提醒：还有${formatSpan(new Date(event.start).getTime() - now.getTime())}开始`, text: `${eventTitle(event)}\n${eventDetails(event, zone, { description: false })}` };
    case 'event-update':
      return { title: `活动变更：${event.title}`, text: `${(job.changes ?? []).join('、') || '安排'}有变化，以下是最新安排：\n${eventDetails(event, zone, { description: false })}` };
    case 'event-cancel':
      return { title: `活动取消：${event.title}`, text: `原定 ${formatEventTime(event.start, zone)} 的“${event.title}”已取消，给您带来不便，敬请谅解。` };
  }
  return undefined;
}

const JOB_NAMES: Record<Job['kind'], string> = {
  announcement: '通知',
  'event-new': '新活动通知',
  reminder: '活动提醒',
  'event-update': '活动变更通知',
  'event-cancel': '活动取消通知',
};

/** `通知 j12` / `活动提醒(1d) #3 直播带货…`: names a job in reports and /deliveries. */
export function jobName(job: Job, subject: { event?: CalendarEvent; announcement?: Announcement }): string {
  const what = job.kind === 'reminder' ? `${JOB_NAMES[job.kind]}(${job.offset})` : JOB_NAMES[job.kind];
  if (subject.event) return `${what} #${subject.event.id} ${subject.event.title}`;
  const text = subject.announcement?.text ?? '';
  return `${what}“${text.length > 20 ? text.slice(0, 20) + '…' : text}”`;
}

/** `成功 180 · 失败 2 · 已移除 3 · 未知 1 · 跳过 0`. */
export function countsLine(counts: DeliveryCounts): string {
  return `成功 ${counts.sent} · 失败 ${counts.failed} · 已移除 ${counts.removed} · 未知 ${counts.unknown} · 跳过 ${counts.skipped}`;
}

/** The report the job's owner gets when every delivery has settled. */
export function reportReply(job: Job, name: string, counts: DeliveryCounts, tookMs: number, resent = false): Reply {
  const notes = [
    counts.removed ? `已移除：机器人被移出或被拉黑的聊天，已停止向它们发送。` : '',
    counts.unknown ? `未知：发送途中机器人停止或网络中断，无法确认是否送达；为避免重复，不会自动重发（/deliveries 可查看是哪些聊天，/resend ${job.id} 可预览后重发给它们）。` : '',
    counts.failed ? `失败：多次重试后仍未发出。` : '',
  ].filter(Boolean);
  return { title: resent ? '重发报告' : '发送报告', text: [`${name}\n共 ${counts.sent + counts.failed + counts.removed + counts.unknown + counts.skipped} 个聊天，用时 ${formatSpan(tookMs)}`, countsLine(counts), ...notes].join('\n') };
}
