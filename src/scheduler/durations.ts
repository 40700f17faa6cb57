import { dayjs, formatLocal } from '../core/time.js';
import type { Locale } from '../core/texts.js';
import { TEXTS } from './texts.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long before an event's start a reminder goes out. */
export interface ReminderOffset {
  /** As configured, e.g. `7d`, `2h`, `1d12h`. */
  text: string;
  /** Calendar days: counted on the local calendar, so a 7-day reminder keeps its clock time across DST. */
  days: number;
  /** Exact minutes on top of the days. */
  minutes: number;
  /** Nominal length, for ordering and the grace period. */
  ms: number;
}

const UNITS: Record<string, { days: number; minutes: number }> = {
  w: { days: 7, minutes: 0 },
  d: { days: 1, minutes: 0 },
  h: { days: 0, minutes: 60 },
  m: { days: 0, minutes: 1 },
};

/** Parses one duration such as `7d`, `2h`, `30m`, `1w` or `1d12h`. Returns undefined when it is none. */
export function parseDuration(raw: string): ReminderOffset | undefined {
  const text = raw.trim().toLowerCase();
  if (!/^(\d+[wdhm])+$/.test(text)) return undefined;
  let days = 0;
  let minutes = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([wdhm])/g)) {
    days += Number(amount) * UNITS[unit!]!.days;
    minutes += Number(amount) * UNITS[unit!]!.minutes;
  }
  const ms = days * DAY + minutes * MINUTE;
  return ms > 0 ? { text, days, minutes, ms } : undefined;
}

/**
 * Parses BOT_REMINDER_OFFSETS (`7d,1d,2h`): longest first, duplicates dropped. Returns the offsets, or a
 * message naming the piece that is wrong. An empty list turns reminders off.
 */
export function parseOffsets(raw: string): ReminderOffset[] | string {
  const offsets = new Map<number, ReminderOffset>();
  for (const piece of raw.split(/[,，\s]+/).filter(Boolean)) {
    const offset = parseDuration(piece);
    if (!offset) return `"${piece}" is not a duration like 7d, 1d, 2h or 30m`;
    if (offset.ms > 365 * DAY) return `"${piece}" is longer than a year`;
    offsets.set(offset.ms, offset);
  }
  return [...offsets.values()].sort((a, b) => b.ms - a.ms);
}

/**
 * How late a missed reminder may still go out (after downtime): a quarter of its offset, at least 30 minutes
 * and at most 12 hours. A 7-day reminder is still useful half a day late; a 2-hour one only within 30 minutes.
 */
export function graceFor(offset: ReminderOffset): number {
  return Math.min(12 * HOUR, Math.max(30 * MINUTE, offset.ms / 4));
}

/**
 * When a reminder is due: the days are taken off the local calendar date in `zone` (same clock time), then
 * the minutes exactly. So with a 09:00 event after a DST change, the 7-day reminder is at 09:00 too.
 */
export function reminderInstant(start: Date | string, offset: ReminderOffset, zone: string): Date {
  const wall = formatLocal(start, zone, 'YYYY-MM-DDTHH:mm:ss');
  const shifted = dayjs.utc(wall).subtract(offset.days, 'day').format('YYYY-MM-DDTHH:mm:ss');
  return new Date(dayjs.tz(shifted, zone).valueOf() - offset.minutes * MINUTE);
}

/** `7天`, `2小时`, `1天12小时`, `30分钟` (`7 d`, `1 d 12 h` in English): how the offset reads in a message. */
export function offsetLabel(offset: ReminderOffset, locale: Locale): string {
  return TEXTS[locale].offset(offset.days, Math.floor(offset.minutes / 60), offset.minutes % 60);
}

/** A coarse "how long": `3天`, `2小时`, `45分钟` (`3 d`, `2 h`…), for reports and "starts in …". */
export function formatSpan(ms: number, locale: Locale): string {
  const days = ms >= DAY ? Math.floor(ms / DAY) : 0;
  const hours = days ? Math.floor((ms % DAY) / HOUR) : ms >= HOUR ? Math.floor(ms / HOUR) : 0;
  const minutes = days ? 0 : hours ? Math.floor((ms % HOUR) / MINUTE) : ms >= MINUTE ? Math.round(ms / MINUTE) : 0;
  return TEXTS[locale].span(days, hours, minutes, Math.max(0, Math.round(ms / 1000)));
}

/** BOT_REMINDER_OFFSETS when unset: a week, a day and two hours before the start. */
export const DEFAULT_REMINDER_OFFSETS = '7d,1d,2h';
