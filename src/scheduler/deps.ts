import type { CalendarDeps } from './calendar.js';
import type { Ledger } from './ledger.js';

/** What the scheduler's commands work with, built once by the feature at start. */
export interface SchedulerDeps extends CalendarDeps {
  ledger: Ledger;
  /** Public address of the iCalendar feed, shown by /events when the HTTP server is on. */
  calendarUrl?: string;
}
