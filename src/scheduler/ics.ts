import type { ServerResponse } from 'node:http';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Locale } from '../core/texts.js';
import { eventDetails, eventTitle } from './messages.js';
import type { CalendarEvent } from './schemas.js';
import { TEXTS } from './texts.js';

/** Ended events stay in the feed this long, so calendars that sync rarely still see late changes. */
const KEEP_ENDED_MS = 30 * 24 * 3600_000;

/**
 * The length given to an event typed without an end (`2026-12-05 09:00`): without DTEND phone calendars show it
 * as a zero-length point. Two hours is a typical training session; the README states it.
 */
const DEFAULT_EVENT_HOURS = 2;

/**
 * The events as an iCalendar feed (RFC 5545). Each event has a stable UID and SEQUENCE = its version, so a
 * subscribed phone calendar updates an edited event in place and removes a cancelled one (STATUS:CANCELLED).
 * Times are written in UTC; the calendar app shows them in the phone's zone.
 */
export function buildCalendar(
  events: readonly CalendarEvent[],
  options: { now: Date; timezone: string; locale: Locale; name?: string },
): string {
  const { now, timezone, name = TEXTS[options.locale].calendarName } = options;
  const language = options.locale === 'en' ? 'EN' : 'ZH';
  const calendar = ical({ name, prodId: { company: 'county-ecommerce-bot', product: 'events', language } });
  for (const event of events) {
    if (now.getTime() - new Date(event.end ?? event.start).getTime() > KEEP_ENDED_MS) continue;
    calendar.createEvent({
      id: `event-${event.id}@county-ecommerce-bot`,
      sequence: event.version,
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      start: new Date(event.start),
      end: event.end ? new Date(event.end) : new Date(new Date(event.start).getTime() + DEFAULT_EVENT_HOURS * 3600_000),
      summary: eventTitle(event, options.locale),
      location: event.place ?? null,
      url: event.link ?? null,
      // The description repeats the time in BOT_TIMEZONE, as the chat messages show it.
      description: eventDetails(event, timezone, options.locale),
      stamp: new Date(event.updatedAt),
      created: new Date(event.createdAt),
      lastModified: new Date(event.updatedAt),
    });
  }
  return calendar.toString();
}

export function sendCalendar(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'max-age=300' });
  res.end(body);
}
