import type { ChatDirectory } from '../core/chat-directory.js';
import { splitKey } from '../core/identity.js';
import type { Feature } from '../core/feature.js';
import type { Locale } from '../core/texts.js';
import type { Logger } from '../core/logger.js';
import type { Outbox } from '../core/outbox.js';
import type { HttpServer } from '../http/server.js';
import type { Store } from '../storage/store.js';
import { announceCommands } from './announce-commands.js';
import { upcomingEvents } from './calendar.js';
import type { SchedulerDeps } from './deps.js';
import type { ReminderOffset } from './durations.js';
import { eventCommands } from './event-commands.js';
import { buildCalendar, sendCalendar } from './ics.js';
import { Ledger } from './ledger.js';
import { DeliveryLoop } from './loop.js';
import { LedgerLineSchema } from './schemas.js';
import { SchedulerState } from './state.js';
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
}

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
  const current = () => {
    if (!deps) throw new Error('the scheduler is not started');
    return deps;
  };

  return {
    name: 'scheduler',
    commands: [...eventCommands(current), ...subscriptionCommands(current), ...announceCommands(current), ...resendCommands(current)],

    async start() {
      const { store, chats, log, now, timezone } = options;
      const state = await SchedulerState.open(store, now());
      const jobIds = new Set(state.data.jobs.map((j) => j.id));
      const { ledger, recovered } = await Ledger.open(store.journal('deliveries.jsonl', LedgerLineSchema), { now: now(), keepJob: (id) => jobIds.has(id) });
      if (recovered.length) log.warn({ count: recovered.length }, 'deliveries interrupted by the last stop are now "unknown" and will not be re-sent');
      loop = new DeliveryLoop({ state, ledger, outbox: options.outbox, chats, now, log, timezone, locale: options.locale, recovered });
      const calendarUrl = options.http && options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/events.ics` : undefined;
      if (options.http && !options.publicUrl) log.warn('/events.ics is served, but /events cannot show its link: set BOT_PUBLIC_URL to the address people reach this server at');
      deps = { state, ledger, loop, chats, offsets: options.reminderOffsets, timezone, now, calendarUrl };
      const running = loop;
      chats.onRekey(async (oldKey, newKey) => {
        const sub = state.subscription(oldKey);
        if (sub) {
          await state.changeSubscriptions((subscriptions) => {
            delete subscriptions[oldKey];
            subscriptions[newKey] = { ...sub, chat: { ...sub.chat, id: splitKey(newKey).id } };
          });
        }
        await running.moveChat(oldKey, newKey);
      });
      options.http?.route('GET', '/events.ics', (_req, res) => sendCalendar(res, buildCalendar(state.data.events, { now: now(), timezone, locale: options.locale })));
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
