import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** Shows a stored UTC instant in the configured zone (default Asia/Shanghai). */
export function formatLocal(instant: Date | string, zone: string, format = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(instant).tz(zone).format(format);
}
