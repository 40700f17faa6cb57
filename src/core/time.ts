import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** The zone dates are shown and typed in unless BOT_TIMEZONE says otherwise: the bot's users are in China. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Shows a stored UTC instant in the configured zone (default DEFAULT_TIMEZONE). */
export function formatLocal(instant: Date | string, zone: string, format = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(instant).tz(zone).format(format);
}
