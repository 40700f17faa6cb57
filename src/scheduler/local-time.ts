import type { Locale } from '../core/texts.js';
import { dayjs, formatLocal } from '../core/time.js';
import { ADMIN_TEXTS, TEXTS } from './texts.js';

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*(?:T\s*)?/;
const TIME = /^(\d{1,2})(?:\s*[:：]\s*(\d{2})|\s*[点时]\s*(?:(半)|(\d{1,2})\s*分?)?)$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock time `HH:mm` (09:00, 9：30, 9点, 9点半) as [hour, minute], or a message. */
function parseClock(text: string, locale: Locale): [number, number] | string {
  const m = TIME.exec(text.trim());
  if (!m) return ADMIN_TEXTS[locale].notClock(text.trim());
  const hour = Number(m[1]);
  const minute = m[3] ? 30 : Number(m[2] ?? m[4] ?? 0);
  if (hour > 23 || minute > 59) return ADMIN_TEXTS[locale].badClock(text.trim());
  return [hour, minute];
}

/** Turns a local wall time in `zone` into the UTC instant, refusing dates and times that do not exist there. */
function toInstant(date: [number, number, number], clock: [number, number], zone: string, shown: string, locale: Locale): Date | string {
  const [year, month, day] = date;
  const wall = `${year}-${pad(month)}-${pad(day)}T${pad(clock[0])}:${pad(clock[1])}:00`;
  const calendar = dayjs.utc(wall);
  if (!calendar.isValid() || calendar.format('YYYY-MM-DDTHH:mm:ss') !== wall) return ADMIN_TEXTS[locale].badDate(shown);
  const instant = dayjs.tz(wall, zone);
  // A clock time skipped by daylight saving (02:30 when clocks jump from 02:00 to 03:00) comes back moved.
  if (formatLocal(instant.toDate(), zone, 'YYYY-MM-DDTHH:mm:ss') !== wall) return ADMIN_TEXTS[locale].dstGap(shown, zone);
  return instant.toDate();
}

/**
 * Parses a local date and time typed by an admin (`2026-12-05 09:00`, `2026/12/5 9:00`, `2026年12月5日 9点半`)
 * in `zone`. Returns the UTC instant, or a message saying what is wrong (in `locale`, the admin's language).
 */
export function parseLocalDateTime(text: string, zone: string, locale: Locale): Date | string {
  const shown = text.trim();
  const date = DATE.exec(shown);
  if (!date) return ADMIN_TEXTS[locale].notDateTime(shown);
  const rest = shown.slice(date[0].length);
  if (!rest) return ADMIN_TEXTS[locale].noClock(shown);
  const clock = parseClock(rest, locale);
  if (typeof clock === 'string') return clock;
  return toInstant([Number(date[1]), Number(date[2]), Number(date[3])], clock, zone, shown, locale);
}

/**
 * Parses a start with an optional end: `2026-12-05 09:00`, `2026-12-05 09:00-17:00` (same day), or
 * `2026-12-05 09:00 至 2026-12-06 17:00` (also ~, 到, and `to` for an English-speaking admin).
 */
export function parseLocalRange(text: string, zone: string, locale: Locale): { start: Date; end?: Date } | string {
  const shown = text.trim();
  const parts = /^(.*?\d{1,2}\s*[:：]\s*\d{2})\s*-\s*(\d.*)$/.exec(shown)?.slice(1) ?? shown.split(/\s*(?:~|～|至|到|—|–)\s*|\s+to\s+/i);
  if (parts.length > 2) return ADMIN_TEXTS[locale].manyRanges(shown);
  const start = parseLocalDateTime(parts[0]!, zone, locale);
  if (typeof start === 'string') return start;
  if (parts.length === 1) return { start };
  const endText = parts[1]!;
  if (DATE.test(endText)) {
    const end = parseLocalDateTime(endText, zone, locale);
    return typeof end === 'string' ? end : { start, end };
  }
  const clock = parseClock(endText, locale);
  if (typeof clock === 'string') return clock;
  const [y, m, d] = formatLocal(start, zone, 'YYYY-M-D').split('-').map(Number) as [number, number, number];
  const end = toInstant([y, m, d], clock, zone, endText, locale);
  return typeof end === 'string' ? end : { start, end };
}

/** `2026-12-05（周六）09:00` in `zone` (`Sat 5 Dec 2026, 09:00` in English): how event times read in messages. */
export function formatEventTime(instant: Date | string, zone: string, locale: Locale): string {
  return TEXTS[locale].eventTime(dayjs(instant).tz(zone));
}

/** `12-05 09:00` in `zone` (`5 Dec 09:00` in English): reminder times and sends in the admins' lists. */
export function formatShortTime(instant: Date | string, zone: string, locale: Locale): string {
  return TEXTS[locale].shortTime(dayjs(instant).tz(zone));
}
