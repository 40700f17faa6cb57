import type { Store, StoredDocument, StoredDocumentSpec } from '../storage/store.js';
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

/** Where the scheduler's state is stored (exported for `store:copy`). */
export const SCHEDULE_DOCUMENT = {
  name: 'schedule.json',
  spec: {
    schema: ScheduleFileSchema,
    version: 1,
    defaults: (): ScheduleFile => ({ nextEvent: 1, nextJob: 1, nextAnnouncement: 1, events: [], jobs: [], announcements: [] }),
  },
} satisfies StoredDocumentSpec<typeof ScheduleFileSchema>;
export const SUBSCRIPTIONS_DOCUMENT = {
  name: 'subscriptions.json',
  spec: { schema: SubscriptionsFileSchema, version: 1, defaults: () => ({ subscriptions: {} }) },
} satisfies StoredDocumentSpec<typeof SubscriptionsFileSchema>;

/**
 * The scheduler's small state in two documents: schedule.json (events, jobs, announcements, one file so
 * an event and its jobs are written together) and subscriptions.json. Ledger rows live in their own journal.
 */
export class SchedulerState {
  private constructor(
    private readonly schedule: StoredDocument<ScheduleFile>,
    private readonly subs: StoredDocument<z.infer<typeof SubscriptionsFileSchema>>,
  ) {}

  static async open(store: Store, now: Date): Promise<SchedulerState> {
    const schedule = await store.document(SCHEDULE_DOCUMENT.name, SCHEDULE_DOCUMENT.spec);
    const subs = await store.document(SUBSCRIPTIONS_DOCUMENT.name, SUBSCRIPTIONS_DOCUMENT.spec);
    const state = new SchedulerState(schedule, subs);
    // Tried on a copy first, so a start with nothing to drop writes nothing.
    if (prune(structuredClone(state.data), now)) await state.change((data) => prune(data, now));
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

  /** Adds a job; call it inside `change()`, with the change that caused it. */
  addJob(job: Omit<Job, 'id' | 'status'>): Job {
    const added: Job = { ...job, id: `j${this.data.nextJob++}`, status: 'pending' };
    this.data.jobs.push(added);
    return added;
  }

  /**
   * Changes schedule.json: `fn` mutates the data, which is then written; if the write fails the data is as it
   * was (NotSavedError), so an event the admin was told was not saved is not live either.
   */
  change<R>(fn: (data: ScheduleFile) => R): Promise<R> {
    return this.schedule.change(fn);
  }

  get subscriptions(): Readonly<Record<string, Subscription>> {
    return this.subs.data.subscriptions;
  }

  /** The chat's subscription (an own entry only: a chat key is never looked up on Object.prototype). */
  subscription(chatKey: string): Subscription | undefined {
    const all = this.subs.data.subscriptions;
    return Object.hasOwn(all, chatKey) ? all[chatKey] : undefined;
  }

  /** Changes subscriptions.json the way `change()` does schedule.json. */
  changeSubscriptions<R>(fn: (subscriptions: Record<string, Subscription>) => R): Promise<R> {
    return this.subs.change((data) => fn(data.subscriptions));
  }
}

/** Drops old history so the documents stay small. Returns whether anything was dropped. */
function prune(data: ScheduleFile, now: Date): boolean {
  const t = now.getTime();
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
    a.status === 'draft'
      ? t - new Date(a.createdAt).getTime() < DAY
      : t - new Date(a.confirmedAt ?? a.createdAt).getTime() < KEEP_FINISHED_MS,
  );
  return data.events.length + data.jobs.length + data.announcements.length !== before;
}
