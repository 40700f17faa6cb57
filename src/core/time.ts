import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** The zone dates are shown and typed in unless BOT_TIMEZONE says otherwise: the bot's users are in China. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/**
 * The calendar day (YYYY-MM-DD) of an instant in `zone`, for hot paths: one Intl formatter made up front costs
 * microseconds per call where dayjs-tz costs tens (it builds a formatter each time).
 */
export function dayIn(zone: string): (instant: Date) => string {
  // en-CA writes dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (instant) => format.format(instant);
}

/** Shows a stored UTC instant in the configured zone (default DEFAULT_TIMEZONE). */
export function formatLocal(instant: Date | string, zone: string, format = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(instant).tz(zone).format(format);
}
