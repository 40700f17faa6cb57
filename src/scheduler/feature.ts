import type { ChatDirectory } from '../core/chat-directory.js';
import { splitKey } from '../core/identity.js';
import type { Command } from '../core/commands.js';
import type { Feature } from '../core/feature.js';
import type { Locale } from '../core/texts.js';
import type { Logger } from '../core/logger.js';
import type { Outbox } from '../core/outbox.js';
import type { HttpServer } from '../http/server.js';
import type { JournalOptions, Store } from '../storage/store.js';
import { announceCommands } from './announce-commands.js';
import { upcomingEvents } from './calendar.js';
import type { SchedulerDeps } from './deps.js';
import type { ReminderOffset } from './durations.js';
import { eventCommands } from './event-commands.js';
import { buildCalendar, sendCalendar } from './ics.js';
import { DELIVERIES_JOURNAL, Ledger } from './ledger.js';
import { DeliveryLoop } from './loop.js';
import { SCHEDULE_DOCUMENT, SchedulerState } from './state.js';
import { resendCommands } from './resend.js';
import { subscriptionCommands } from './subscription-commands.js';

export interface SchedulerOptions {
  store: Store;
  chats: ChatDirectory;
  outbox: Outbox;
  now: () => Date;
  log: Logger;
  /** BOT_TIMEZONE: forms are read and times shown in it; everything is stored in UTC. */
  timezone: string;
  /** BOT_LOCALE: the language of what is pushed to chats (notices, reminders, reports) and of the calendar feed. */
  locale: Locale;
  /** When present, /events.ics is served on it. */
  http?: HttpServer;
  /** BOT_REMINDER_OFFSETS as `parseOffsets` returns it (createBot falls back to DEFAULT_REMINDER_OFFSETS); empty for none. */
  reminderOffsets: readonly ReminderOffset[];
  /** BOT_PUBLIC_URL: where people reach the HTTP server, for the calendar link shown by /events. */
  publicUrl?: string;
  /**
   * The leader lease when several processes share the store: the ledger's writes (the write-ahead `sending` marks
   * above all) are refused once another process holds it, so a deposed leader never sends.
   */
  guard?: JournalOptions['guard'];
}

/** Said by a process that does not lead (several processes on one database) when a scheduler command reaches it. */
const STANDBY: Record<Locale, string> = {
  'zh-CN': '日程、订阅和通知由主进程处理，这个进程现在不是主进程。请稍后再发一次。',
  en: 'Events, subscriptions and announcements are handled by the leading bot process, and this one is not leading now. Please send it again in a moment.',
};

/** The scheduler as a feature, with a handle for tests and the benchmark. */
export interface SchedulerFeature extends Feature {
  /** Waits until no pass runs and no send is in flight. */
  idle(): Promise<void>;
  /** The state and the delivery ledger, to read (the staff console); undefined before start. Changes go through commands. */
  view(): Pick<SchedulerDeps, 'state' | 'ledger'> | undefined;
}

/**
 * Trainings, exhibitions and announcements: the event calendar, subscriptions, reminders, admin
 * announcements with a confirm step, delivery reports and the /events.ics feed.
 *
 * @example
 * features.push(schedulerFeature({ store, chats, outbox, now, log, timezone: 'Asia/Shanghai', http, reminderOffsets }));
 */
export function schedulerFeature(options: SchedulerOptions): SchedulerFeature {
  let deps: SchedulerDeps | undefined;
  let loop: DeliveryLoop | undefined;
  let wired = false;
  const current = () => {
    if (!deps) throw new Error('the scheduler is not started (in a bot on a shared database, it runs in the leading process)');
    return deps;
  };
  // Once, however often the scheduler starts (a process that becomes the leader again): they read the current state.
  const wire = () => {
    if (wired) return;
    wired = true;
    options.chats.onRekey(async (oldKey, newKey) => {
      if (!deps) return;
      const { state, loop: running } = deps;
      const sub = state.subscription(oldKey);
      if (sub) {
        await state.changeSubscriptions((subscriptions) => {
          delete subscriptions[oldKey];
          subscriptions[newKey] = { ...sub, chat: { ...sub.chat, id: splitKey(newKey).id } };
        });
      }
      await running.moveChat(oldKey, newKey);
    });
    options.http?.route('GET', '/events.ics', async (_req, res) => {
      // A process that does not lead serves the calendar too, read from the shared store as it is now.
      const events = deps?.state.data.events ?? (await options.store.document(SCHEDULE_DOCUMENT.name, SCHEDULE_DOCUMENT.spec)).data.events;
      sendCalendar(res, buildCalendar(events, { now: options.now(), timezone: options.timezone, locale: options.locale }));
    });
  };

  return {
    name: 'scheduler',
    // Until it starts (in a process that does not lead) each command answers STANDBY instead of failing.
    commands: (
      [...eventCommands(current), ...subscriptionCommands(current), ...announceCommands(current), ...resendCommands(current)] as Command[]
    ).map((command): Command => ({ ...command, run: (ctx, args) => (deps ? command.run(ctx, args) : ctx.reply(STANDBY[ctx.locale])) })),

    /** Opens the state and the ledger as they are in the store now, and starts delivering. Can follow a stop. */
    async start() {
      const { store, chats, log, now, timezone } = options;
      const state = await SchedulerState.open(store, now());
      const jobIds = new Set(state.data.jobs.map((j) => j.id));
      const { ledger, recovered } = await Ledger.open(
        store.journal(DELIVERIES_JOURNAL.name, DELIVERIES_JOURNAL.schema, { guard: options.guard }),
        { now: now(), keepJob: (id) => jobIds.has(id) },
      );
      if (recovered.length)
        log.warn({ count: recovered.length }, 'deliveries interrupted by the last stop are now "unknown" and will not be re-sent');
      loop = new DeliveryLoop({ state, ledger, outbox: options.outbox, chats, now, log, timezone, locale: options.locale, recovered });
      const calendarUrl = options.http && options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/events.ics` : undefined;
      if (options.http && !options.publicUrl)
        log.warn('/events.ics is served, but /events cannot show its link: set BOT_PUBLIC_URL to the address people reach this server at');
      deps = { state, ledger, loop, chats, offsets: options.reminderOffsets, timezone, now, calendarUrl };
      wire();
      loop.start();
    },

    async stop() {
      await loop?.stop();
      loop = undefined;
      deps = undefined;
    },

    idle: async () => loop?.idle(),

    view: () => deps,

    health() {
      if (!deps || !loop) return { started: false };
      return {
        upcomingEvents: upcomingEvents(deps.state, deps.now()).length,
        subscriptions: Object.keys(deps.state.subscriptions).length,
        ...loop.health(),
      };
    },
  };
}
