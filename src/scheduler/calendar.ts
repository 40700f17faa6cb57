import type { ChatDirectory } from '../core/chat-directory.js';
import type { ReminderOffset } from './durations.js';
import type { EventDraft } from './event-form.js';
import type { DeliveryLoop } from './loop.js';
import { planReminders, type ReminderPlan } from './planner.js';
import type { CalendarEvent } from './schemas.js';
import type { SchedulerState } from './state.js';

export interface CalendarDeps {
  state: SchedulerState;
  loop: DeliveryLoop;
  chats: ChatDirectory;
  offsets: readonly ReminderOffset[];
  timezone: string;
  now: () => Date;
}

export interface PlanSummary {
  reminders: ReminderPlan[];
  /** Offsets already past when the event was planned: never sent. */
  past: ReminderPlan[];
}

function addReminders(deps: CalendarDeps, event: CalendarEvent, owner: string): PlanSummary {
  const now = deps.now();
  const { planned, past } = planReminders(event.start, deps.offsets, deps.timezone, now);
  for (const r of planned)
    deps.state.addJob({
      kind: 'reminder',
      ref: event.id,
      offset: r.offset.text,
      due: r.due.toISOString(),
      owner,
      createdAt: now.toISOString(),
    });
  return { reminders: planned, past };
}

/** Adds an event, announces it to matching subscribers now, and plans its reminders. */
export async function createEvent(deps: CalendarDeps, draft: EventDraft, author: string): Promise<{ event: CalendarEvent } & PlanSummary> {
  const now = deps.now().toISOString();
  const created = await deps.state.change((data) => {
    const event: CalendarEvent = {
      ...draft,
      id: String(data.nextEvent++),
      status: 'scheduled',
      version: 1,
      createdBy: author,
      createdAt: now,
      updatedAt: now,
      interest: [],
    };
    data.events.push(event);
    deps.state.addJob({ kind: 'event-new', ref: event.id, due: now, owner: author, createdAt: now });
    return { event, ...addReminders(deps, event, author) };
  });
  deps.loop.poke();
  return created;
}

/** Changes that the chats already told about the event must hear of. */
const NOTICE_WORTHY = new Set(['时间', '地点', '链接']);

/**
 * Applies an edit. A new start time re-plans the reminders (the old ones still waiting are withdrawn, offsets
 * already past are skipped); a new time, place or link is announced to the chats that were told.
 */
export async function editEvent(
  deps: CalendarDeps,
  event: CalendarEvent,
  draft: EventDraft,
  changed: string[],
  author: string,
): Promise<{ replanned?: PlanSummary; notice: boolean }> {
  const now = deps.now().toISOString();
  const notice = changed.some((c) => NOTICE_WORTHY.has(c));
  const replanned = await deps.state.change(() => {
    const startChanged = draft.start !== event.start;
    Object.assign(event, draft, { version: event.version + 1, updatedAt: now });
    if (notice)
      deps.state.addJob({
        kind: 'event-update',
        ref: event.id,
        due: now,
        owner: author,
        changes: changed.filter((c) => NOTICE_WORTHY.has(c)),
        createdAt: now,
      });
    if (!startChanged) return undefined;
    deps.loop.withdraw(
      deps.state.jobsOf(event.id).filter((j) => j.kind === 'reminder'),
      'rescheduled',
    );
    return addReminders(deps, event, author);
  });
  deps.loop.poke();
  return { replanned, notice };
}

/** Cancels an event: what is still to be sent for it is skipped, and the chats already told get a notice. */
export async function cancelEvent(deps: CalendarDeps, event: CalendarEvent, author: string): Promise<void> {
  const now = deps.now().toISOString();
  await deps.state.change(() => {
    Object.assign(event, { status: 'cancelled', version: event.version + 1, updatedAt: now });
    deps.loop.withdraw(deps.state.jobsOf(event.id), 'cancelled');
    deps.state.addJob({ kind: 'event-cancel', ref: event.id, due: now, owner: author, createdAt: now });
  });
  deps.loop.poke();
}

/** Upcoming scheduled events (not yet ended), soonest first. */
export function upcomingEvents(state: SchedulerState, now: Date): CalendarEvent[] {
  const t = now.toISOString();
  return state.data.events.filter((e) => e.status === 'scheduled' && (e.end ?? e.start) > t).sort((a, b) => a.start.localeCompare(b.start));
}
