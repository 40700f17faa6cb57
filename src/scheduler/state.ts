import type { Low } from 'lowdb';
import type { Store } from '../storage/store.js';
import {
  ScheduleFileSchema,
  SubscriptionsFileSchema,
  type Announcement,
  type CalendarEvent,
  type Job,
  type ScheduleFile,
  type Subscription,
} from './schemas.js';
import type { z } from 'zod';

const DAY = 24 * 3600_000;
/** Finished jobs (and their ledger rows) are kept this long for /deliveries, then dropped at a start. */
const KEEP_FINISHED_MS = 90 * DAY;
const KEEP_PAST_EVENTS_MS = 365 * DAY;
/** A draft announcement not confirmed within this time is dropped. */
export const DRAFT_TTL_MS = 30 * 60_000;

/**
 * The scheduler's small state in two lowdb documents: schedule.json (events, jobs, announcements, one file so
 * an event and its jobs are written together) and subscriptions.json. Ledger rows live in their own journal.
 */
export class SchedulerState {
  private constructor(
    private readonly schedule: Low<ScheduleFile>,
    private readonly subs: Low<z.infer<typeof SubscriptionsFileSchema>>,
  ) {}

  static async open(store: Store, now: Date): Promise<SchedulerState> {
    const schedule = await store.document('schedule.json', {
      schema: ScheduleFileSchema,
      version: 1,
      defaults: () => ({ nextEvent: 1, nextJob: 1, nextAnnouncement: 1, events: [], jobs: [], announcements: [] }),
    });
    const subs = await store.document('subscriptions.json', { schema: SubscriptionsFileSchema, version: 1, defaults: () => ({ subscriptions: {} }) });
    const state = new SchedulerState(schedule, subs);
    if (state.prune(now)) await state.save();
    return state;
  }

  get data(): ScheduleFile {
    return this.schedule.data;
  }

  event(id: string): CalendarEvent | undefined {
    return this.data.events.find((e) => e.id === id);
  }

  eventsById(): Map<string, CalendarEvent> {
    return new Map(this.data.events.map((e) => [e.id, e]));
  }

  job(id: string): Job | undefined {
    return this.data.jobs.find((j) => j.id === id);
  }

  /** What a job is about: its announcement, or its event (either may be gone). */
  subjectOf(job: Job): { event?: CalendarEvent; announcement?: Announcement } {
    if (job.kind === 'announcement') return { announcement: this.data.announcements.find((a) => a.id === job.ref) };
    return { event: this.event(job.ref) };
  }

  jobsOf(eventId: string): Job[] {
    return this.data.jobs.filter((j) => j.ref === eventId && j.kind !== 'announcement');
  }

  /** Adds a job (not saved yet: save with the change that caused it). */
  addJob(job: Omit<Job, 'id' | 'status'>): Job {
    const added: Job = { ...job, id: `j${this.data.nextJob++}`, status: 'pending' };
    this.data.jobs.push(added);
    return added;
  }

  save(): Promise<void> {
    return this.schedule.write();
  }

  get subscriptions(): Record<string, Subscription> {
    return this.subs.data.subscriptions;
  }

  saveSubscriptions(): Promise<void> {
    return this.subs.write();
  }

  /** Drops old history so the documents stay small. Returns whether anything was dropped. */
  private prune(now: Date): boolean {
    const t = now.getTime();
    const data = this.data;
    const before = data.events.length + data.jobs.length + data.announcements.length;
    const events = new Map(data.events.map((e) => [e.id, e]));
    // A job's rows tell who heard of an event: keep them while the event may still be changed or cancelled.
    const eventOver = (id: string) => {
      const event = events.get(id);
      return !event || new Date(event.end ?? event.start).getTime() < t - DAY;
    };
    data.jobs = data.jobs.filter((j) => {
      const finished = j.status === 'done' || j.status === 'skipped';
      const old = t - new Date(j.doneAt ?? j.due).getTime() > KEEP_FINISHED_MS;
      return !(finished && old && (j.kind === 'announcement' || eventOver(j.ref)));
    });
    data.events = data.events.filter((e) => t - new Date(e.end ?? e.start).getTime() < KEEP_PAST_EVENTS_MS);
    data.announcements = data.announcements.filter((a) =>
      a.status === 'draft' ? t - new Date(a.createdAt).getTime() < DAY : t - new Date(a.confirmedAt ?? a.createdAt).getTime() < KEEP_FINISHED_MS,
    );
    return data.events.length + data.jobs.length + data.announcements.length !== before;
  }
}
