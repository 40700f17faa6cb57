import type { Locale } from '../core/texts.js';
import { dayjs, formatLocal } from '../core/time.js';
import { TEXTS } from './texts.js';

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*(?:T\s*)?/;
const TIME = /^(\d{1,2})(?:\s*[:：]\s*(\d{2})|\s*[点时]\s*(?:(半)|(\d{1,2})\s*分?)?)$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock time `HH:mm` (09:00, 9：30, 9点, 9点半) as [hour, minute], or a message. */
function parseClock(text: string): [number, number] | string {
  const m = TIME.exec(text.trim());
  if (!m) return `“${text.trim()}”不是时间，请写成 09:00 这样`;
  const hour = Number(m[1]);
  const minute = m[3] ? 30 : Number(m[2] ?? m[4] ?? 0);
  if (hour > 23 || minute > 59) return `“${text.trim()}”不是有效的钟点`;
  return [hour, minute];
}

/** Turns a local wall time in `zone` into the UTC instant, refusing dates and times that do not exist there. */
function toInstant(date: [number, number, number], clock: [number, number], zone: string, shown: string): Date | string {
  const [year, month, day] = date;
  const wall = `${year}-${pad(month)}-${pad(day)}T${pad(clock[0])}:${pad(clock[1])}:00`;
  const calendar = dayjs.utc(wall);
  if (!calendar.isValid() || calendar.format('YYYY-MM-DDTHH:mm:ss') !== wall) return `“${shown}”不是有效的日期`;
  const instant = dayjs.tz(wall, zone);
  // A clock time skipped by daylight saving (02:30 when clocks jump from 02:00 to 03:00) comes back moved.
  if (formatLocal(instant.toDate(), zone, 'YYYY-MM-DDTHH:mm:ss') !== wall) return `“${shown}”在 ${zone} 因夏令时调整并不存在，请换一个时间`;
  return instant.toDate();
}

/**
 * Parses a local date and time typed by an admin (`2026-12-05 09:00`, `2026/12/5 9:00`, `2026年12月5日 9点半`)
 * in `zone`. Returns the UTC instant, or a message saying what is wrong (in Chinese, for the admin).
 */
export function parseLocalDateTime(text: string, zone: string): Date | string {
  const shown = text.trim();
  const date = DATE.exec(shown);
  if (!date) return `“${shown}”不是日期时间，请写成 2026-12-05 09:00 这样`;
  const rest = shown.slice(date[0].length);
  if (!rest) return `“${shown}”缺少钟点，请写成 2026-12-05 09:00 这样`;
  const clock = parseClock(rest);
  if (typeof clock === 'string') return clock;
  return toInstant([Number(date[1]), Number(date[2]), Number(date[3])], clock, zone, shown);
}

/**
 * Parses a start with an optional end: `2026-12-05 09:00`, `2026-12-05 09:00-17:00` (same day), or
 * `2026-12-05 09:00 至 2026-12-06 17:00` (also ~, 到).
 */
export function parseLocalRange(text: string, zone: string): { start: Date; end?: Date } | string {
  const shown = text.trim();
  const parts = /^(.*?\d{1,2}\s*[:：]\s*\d{2})\s*-\s*(\d.*)$/.exec(shown)?.slice(1) ?? shown.split(/\s*(?:~|～|至|到|—|–)\s*/);
  if (parts.length > 2) return `“${shown}”里有多个时间段`;
  const start = parseLocalDateTime(parts[0]!, zone);
  if (typeof start === 'string') return start;
  if (parts.length === 1) return { start };
  const endText = parts[1]!;
  if (DATE.test(endText)) {
    const end = parseLocalDateTime(endText, zone);
    return typeof end === 'string' ? end : { start, end };
  }
  const clock = parseClock(endText);
  if (typeof clock === 'string') return clock;
  const [y, m, d] = formatLocal(start, zone, 'YYYY-M-D').split('-').map(Number) as [number, number, number];
  const end = toInstant([y, m, d], clock, zone, endText);
  return typeof end === 'string' ? end : { start, end };
}

/** `2026-12-05（周六）09:00` in `zone` (`2026-12-05 (Sat) 09:00` in English): how event times read in messages. */
export function formatEventTime(instant: Date | string, zone: string, locale: Locale): string {
  const local = dayjs(instant).tz(zone);
  return TEXTS[locale].eventTime(local.format('YYYY-MM-DD'), local.day(), local.format('HH:mm'));
}
