import { describe, expect, it } from 'vitest';
import { parseOffsets, type ReminderOffset } from '../../src/scheduler/durations.js';
import { decideDueJobs, planReminders, retryDelay, rowVerdict } from '../../src/scheduler/planner.js';
import type { CalendarEvent, Job } from '../../src/scheduler/schemas.js';

const offsets = parseOffsets('7d,1d,2h') as ReminderOffset[];
const START = '2026-12-10T01:00:00.000Z';

const event = (patch: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id: 'e1',
  kind: 'training',
  topic: '培训',
  title: 't',
  start: START,
  regions: [],
  status: 'scheduled',
  version: 1,
  createdBy: 'a',
  createdAt: START,
  updatedAt: START,
  interest: [],
  place: 'p',
  ...patch,
});

let n = 0;
const job = (patch: Partial<Job>): Job => ({
  id: `j${++n}`,
  kind: 'reminder',
  ref: 'e1',
  due: START,
  status: 'pending',
  owner: 'a',
  createdAt: START,
  ...patch,
});

describe('planning reminders', () => {
  it('plans one per offset and sets apart those already past', () => {
    const { planned, past } = planReminders(START, offsets, 'Asia/Shanghai', new Date('2026-12-05T00:00:00Z'));
    expect(planned.map((r) => [r.offset.text, r.due.toISOString()])).toEqual([
      ['1d', '2026-12-09T01:00:00.000Z'],
      ['2h', '2026-12-09T23:00:00.000Z'],
    ]);
    expect(past.map((r) => r.offset.text)).toEqual(['7d']);
  });
});

describe('catch-up rules', () => {
  const events = new Map([['e1', event()]]);
  const at = (iso: string) => new Date(iso);

  it('sends a due job, skips one past its grace, and leaves future ones alone', () => {
    const fresh = job({ offset: '1d', due: '2026-12-09T01:00:00.000Z' });
    const future = job({ offset: '2h', due: '2026-12-09T23:00:00.000Z' });
    expect(decideDueJobs([fresh, future], events, at('2026-12-09T06:59:00Z'))).toEqual([{ job: fresh, action: 'fan-out' }]);
    expect(decideDueJobs([fresh], events, at('2026-12-09T07:01:00Z'))).toEqual([{ job: fresh, action: 'skip', reason: 'stale' }]);
  });

  it('sends only the latest of several overdue reminders that are all still within grace', () => {
    const day = job({ offset: '1d', due: '2026-12-09T01:00:00.000Z' });
    const twenty = job({ offset: '20h', due: '2026-12-09T05:00:00.000Z' });
    const decisions = decideDueJobs([twenty, day], events, at('2026-12-09T06:00:00Z'));
    expect(decisions).toEqual([
      { job: day, action: 'skip', reason: 'superseded' },
      { job: twenty, action: 'fan-out' },
    ]);
  });

  it('never sends for an event that started or was cancelled (the cancellation notice still goes)', () => {
    const late = job({ kind: 'event-new', due: '2026-12-09T00:00:00.000Z' });
    expect(decideDueJobs([late], events, at('2026-12-10T01:00:00Z'))[0]).toMatchObject({ action: 'skip', reason: 'started' });
    const cancelled = new Map([['e1', event({ status: 'cancelled' })]]);
    const reminder = job({ offset: '2h', due: '2026-12-09T23:00:00.000Z' });
    const notice = job({ kind: 'event-cancel', due: '2026-12-09T23:00:00.000Z' });
    expect(decideDueJobs([reminder, notice], cancelled, at('2026-12-09T23:00:00Z')).map((d) => d.action)).toEqual(['skip', 'fan-out']);
  });

  it('lets an announcement wait up to a day, not longer', () => {
    const a = job({ kind: 'announcement', ref: 'a1', due: '2026-12-01T00:00:00.000Z' });
    expect(decideDueJobs([a], events, at('2026-12-01T23:00:00Z'))[0]?.action).toBe('fan-out');
    expect(decideDueJobs([a], events, at('2026-12-02T01:00:00Z'))[0]?.action).toBe('skip');
  });
});

describe('one delivery when its turn comes', () => {
  const now = new Date('2026-12-09T01:10:00Z');
  it('goes out while everything holds', () => {
    expect(rowVerdict(job({ offset: '1d', due: '2026-12-09T01:00:00.000Z', status: 'planned' }), event(), true, now)).toEqual({
      send: true,
    });
  });
  it('is skipped for a withdrawn job, an unsubscribed chat, or a stale reminder', () => {
    expect(rowVerdict(job({ status: 'skipped', reason: 'rescheduled' }), event(), true, now)).toEqual({
      send: false,
      reason: 'rescheduled',
    });
    expect(rowVerdict(job({ offset: '1d', due: '2026-12-09T01:00:00.000Z', status: 'planned' }), event(), false, now)).toEqual({
      send: false,
      reason: 'unsubscribed',
    });
    expect(rowVerdict(job({ offset: '2h', due: '2026-12-09T00:00:00.000Z', status: 'planned' }), event(), true, now)).toEqual({
      send: false,
      reason: 'stale',
    });
    // Notices of changes go to the chats told, subscribed or not.
    expect(rowVerdict(job({ kind: 'event-update', due: '2026-12-09T01:00:00.000Z', status: 'planned' }), event(), false, now)).toEqual({
      send: true,
    });
  });
  it('backs off exponentially up to half an hour', () => {
    expect([1, 2, 3, 10].map(retryDelay)).toEqual([30_000, 60_000, 120_000, 1_800_000]);
  });
});
