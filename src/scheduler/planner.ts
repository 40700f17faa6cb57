import { backoffMs } from '../core/backoff.js';
import { graceFor, parseDuration, reminderInstant, type ReminderOffset } from './durations.js';
import type { CalendarEvent, Job } from './schemas.js';

/** An announcement that could not go out within a day (the bot was down) is not sent late: it may be stale. */
const ANNOUNCEMENT_GRACE_MS = 24 * 3600_000;

/** Attempts per delivery before it counts as failed. With the backoff below that is about an hour of trying. */
export const MAX_ATTEMPTS = 8;

/** Wait before attempt n+1 after n failures: 30 s, 1 min, 2 min … capped at 30 min. */
export function retryDelay(failures: number): number {
  return backoffMs(failures, { baseMs: 30_000, maxMs: 30 * 60_000 });
}

export interface ReminderPlan {
  offset: ReminderOffset;
  due: Date;
}

/**
 * The reminders for an event starting at `start`: one per offset, due on the local calendar in `zone`.
 * Offsets whose time has already passed (an event created 3 days ahead has no 7-day reminder) are returned
 * apart, to be reported, never sent.
 */
export function planReminders(
  start: string,
  offsets: readonly ReminderOffset[],
  zone: string,
  now: Date,
): { planned: ReminderPlan[]; past: ReminderPlan[] } {
  const all = offsets.map((offset) => ({ offset, due: reminderInstant(start, offset, zone) }));
  return { planned: all.filter((r) => r.due > now), past: all.filter((r) => r.due <= now) };
}

/** Jobs that go to subscribers (the others go to the chats that were told about an event). */
const AUDIENCE_KINDS = new Set<Job['kind']>(['announcement', 'event-new', 'reminder']);

/** Why a job (or one of its deliveries) must not go out at `now`, or undefined when it still may. */
function staleReason(job: Job, event: CalendarEvent | undefined, now: Date): string | undefined {
  const late = now.getTime() - new Date(job.due).getTime();
  if (job.kind === 'announcement') return late > ANNOUNCEMENT_GRACE_MS ? 'stale' : undefined;
  if (!event) return 'event deleted';
  if (event.status === 'cancelled' && job.kind !== 'event-cancel') return 'cancelled';
  if (now.getTime() >= new Date(event.start).getTime()) return 'started';
  if (job.kind === 'reminder') {
    const offset = parseDuration(job.offset ?? '');
    if (!offset || late > graceFor(offset)) return 'stale';
  }
  return undefined;
}

export type JobDecision = { job: Job; action: 'fan-out' } | { job: Job; action: 'skip'; reason: string };

/**
 * Decides, for the pending jobs that are due, which fan out now and which are skipped. After downtime several
 * reminders of one event may be overdue: each is checked against its grace period, and of those still good
 * only the latest goes out (a "starts in 2 hours" makes the missed "starts tomorrow" pointless).
 */
export function decideDueJobs(jobs: readonly Job[], events: ReadonlyMap<string, CalendarEvent>, now: Date): JobDecision[] {
  const due = jobs.filter((j) => j.status === 'pending' && new Date(j.due) <= now).sort((a, b) => a.due.localeCompare(b.due));
  const decisions: JobDecision[] = [];
  const latestReminder = new Map<string, JobDecision>();
  for (const job of due) {
    const reason = staleReason(job, events.get(job.ref), now);
    if (reason) {
      decisions.push({ job, action: 'skip', reason });
      continue;
    }
    const decision: JobDecision = { job, action: 'fan-out' };
    if (job.kind === 'reminder') {
      const earlier = latestReminder.get(job.ref);
      if (earlier) Object.assign(earlier, { action: 'skip', reason: 'superseded' });
      latestReminder.set(job.ref, decision);
    }
    decisions.push(decision);
  }
  return decisions;
}

export type RowVerdict = { send: true } | { send: false; reason: string };

/**
 * Whether one planned delivery still goes out when its turn comes: the job was not withdrawn, the chat is
 * still subscribed (for subscriber jobs), and the job is not stale (the event started, was cancelled, or the
 * reminder is past its grace).
 */
export function rowVerdict(job: Job, event: CalendarEvent | undefined, subscribed: boolean, now: Date): RowVerdict {
  if (job.status === 'skipped') return { send: false, reason: job.reason ?? 'withdrawn' };
  if (AUDIENCE_KINDS.has(job.kind) && !subscribed) return { send: false, reason: 'unsubscribed' };
  const reason = staleReason(job, event, now);
  return reason ? { send: false, reason } : { send: true };
}
