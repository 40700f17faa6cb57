import type { Adapter } from './core/adapter.js';
import { createAdapterHost, type HostDeps } from './core/adapter-host.js';
import { DEFAULT_TRIGGERS } from './core/address.js';
import { basicCommands } from './core/basic-commands.js';
import { ChatDirectory } from './core/chat-directory.js';
import type { CoreSettings } from './core/context.js';
import type { Feature } from './core/feature.js';
import { parseAdmins, PlatformSchema, splitKey, userKey } from './core/identity.js';
import { createLogger, type Logger } from './core/logger.js';
import { Runtime } from './core/runtime.js';
import { DEFAULT_TIMEZONE } from './core/time.js';
import { createOutbox, type Outbox } from './core/outbox.js';
import { ConsoleAdapter, CONSOLE_OPERATOR, type ConsoleOptions } from './adapters/console/console-adapter.js';
import type { WechatyInterface } from 'wechaty/impls';
import { WechatAdapter, type WechatSettings } from './adapters/wechat/index.js';
import type { Telegraf } from 'telegraf';
import { TelegramAdapter, type TelegramSettings } from './adapters/telegram/index.js';
import { WelcomeBook, welcomeFeature } from './admin/welcome.js';
import { consoleCommandFeature } from './admin/console-command.js';
import { AuditLog, CONSOLE_AUDIT_JOURNAL } from './http/console/audit.js';
import { ConsoleAccess } from './http/console/login-links.js';
import { consolePlugin } from './http/console/plugin.js';
import { QuestionStats } from './knowledge/question-stats.js';
import { HttpServer, sendJson } from './http/server.js';
import type { BuildAnswerer } from './knowledge/service.js';
import { KnowledgeService } from './knowledge/service.js';
import { knowledgeFeature } from './knowledge/feature.js';
import { copyCheckFeature } from './compliance/feature.js';
import { kaidianFeature } from './wizard/feature.js';
import { UNANSWERED_JOURNAL, UnansweredLog } from './knowledge/unanswered.js';
import { LearningLog } from './knowledge/learning/learning-log.js';
import { LEARNING_JOURNAL } from './knowledge/learning/records.js';
import { suggestionsFeature } from './knowledge/learning/feature.js';
import { addAlternate, addEntry } from './knowledge/learning/add-alternate.js';
import { openStore } from './storage/open.js';
import { Leadership, processHolderId, type LeadershipStatus } from './core/leadership.js';
import type { Store } from './storage/store.js';
import type { Disk } from './storage/disk.js';
import { HandoffDesk } from './handoff/desk.js';
import { handoffFeature } from './handoff/feature.js';
import { HANDOFFS_JOURNAL } from './handoff/schema.js';
import type { IncomingMessage, Reply } from './core/message.js';
import { buildAnswerer } from './knowledge/build.js';
import { schedulerFeature, type SchedulerFeature } from './scheduler/feature.js';
import { DEFAULT_REMINDER_OFFSETS, parseOffsets, type ReminderOffset } from './scheduler/durations.js';

export interface BotOptions {
  /** Where the bot keeps its data (lowdb files, journals, the lock) unless `store` says otherwise. */
  dataDir: string;
  /**
   * Where state is kept instead of `dataDir`: a `postgres://` URL (BOT_STORE), or a store the caller opened (and
   * closes: the bot closes only what it opened).
   */
  store?: string | Store;
  /** The knowledge folder (faq/*.yaml, synonyms.yaml, off-topic.yaml, copy-rules.yaml, kaidian.yaml). */
  knowledgeDir: string;
  /** Bot admins as `platform:id`, comma-separated like BOT_ADMINS, or a list. */
  admins?: string | string[];
  timezone?: string;
  locale?: CoreSettings['locale'];
  /** Human contact named when the bot does not know (BOT_CONTACT). */
  contact?: string;
  /** Prefixes that address the bot in groups without a mention. */
  triggers?: string[];
  /** Messages per minute a member may send the bot before being slowed down. */
  floodLimit?: number;
  /** The clock, injectable so scheduler tests control time. */
  now?: () => Date;
  logger?: Logger;
  /** Serve /healthz (and later routes) on this port; 0 picks a free one. Off when undefined. */
  httpPort?: number;
  /** The address the HTTP server binds (default 127.0.0.1: this machine only; 0.0.0.0 in a container). */
  httpHost?: string;
  /** Run the terminal chat: true for stdin/stdout, or streams (tests). */
  console?: boolean | ConsoleOptions;
  /**
   * Further adapters built by the embedding app, each with its own platform id (`wecom`): no core file changes for a
   * new platform. Two adapters may not share a platform.
   */
  adapters?: Adapter[];
  /** Run WeChat on this wechaty (built with any puppet; main.ts takes it from WECHATY_PUPPET). */
  wechaty?: WechatyInterface;
  /** WeChat pacing, friend keyword and QR output (defaults in the adapter). */
  wechat?: WechatSettings;
  /** Run Telegram on this Telegraf instance (any token and apiRoot; main.ts builds it from TELEGRAM_BOT_TOKEN). */
  telegraf?: Telegraf;
  /** Telegram webhook, secret and rate-limit ceiling (long polling and Telegram's limits by default). */
  telegram?: TelegramSettings;
  /** Reload knowledge when its files change (default true). */
  watchKnowledge?: boolean;
  /** Override how the answerer is built from the knowledge files (tests, experiments). */
  buildAnswerer?: BuildAnswerer;
  /** When event reminders go out, like BOT_REMINDER_OFFSETS (default `7d,1d,2h`; empty for none). */
  reminderOffsets?: string;
  /** Where people reach the HTTP server (BOT_PUBLIC_URL), for the calendar link /events shows. */
  publicUrl?: string;
  /** Where the data directory's writes go (tests pass a disk that fails like a full one). */
  disk?: Disk;
  /** How long the leader lease runs without renewal on a shared store (default 15 s). */
  leaseTtlMs?: number;
}

/** The lease whose holder runs the scheduler and the single-connection platforms. */
export const LEADER_LEASE = 'leader';

export interface Bot {
  start(): Promise<void>;
  /** Ends every timer, watcher, connection and the data-dir lock, so the process can exit by itself. */
  stop(): Promise<void>;
  readonly runtime: Runtime;
  /** The HTTP port actually bound, once started with httpPort. */
  readonly httpPort: number | undefined;
}

function adminSet(admins: BotOptions['admins']): Set<string> {
  const parsed = parseAdmins(Array.isArray(admins) ? admins.join(',') : (admins ?? ''));
  if (typeof parsed === 'string') throw new Error(`admins: ${parsed}`);
  // The terminal user is the local operator.
  parsed.add(userKey('console', CONSOLE_OPERATOR));
  return parsed;
}

function coreSettings(options: BotOptions): CoreSettings {
  return {
    timezone: options.timezone ?? DEFAULT_TIMEZONE,
    locale: options.locale ?? 'zh-CN',
    triggers: options.triggers ?? [...DEFAULT_TRIGGERS],
    floodLimit: options.floodLimit ?? 20,
  };
}

/**
 * The app's own adapters and the built-in ones it asked for, each platform checked and present once. `single`: the
 * platforms that allow one connection per bot (Telegram's long polling, a WeChat login), which only the leader runs
 * when several processes share one database; a Telegram webhook runs everywhere, each update claimed in the store.
 */
function buildAdapters(
  options: BotOptions,
  settings: CoreSettings,
  claimUpdate: (updateId: number) => Promise<boolean>,
): { adapters: Adapter[]; single: Set<Adapter> } {
  const adapters: Adapter[] = [...(options.adapters ?? [])];
  const single = new Set<Adapter>();
  if (options.console) adapters.push(new ConsoleAdapter(options.console === true ? {} : options.console));
  if (options.telegraf) {
    const telegram = new TelegramAdapter(options.telegraf, { ...options.telegram, claimUpdate });
    adapters.push(telegram);
    if (!options.telegram?.webhookUrl) single.add(telegram);
  }
  if (options.wechaty) {
    const wechat = new WechatAdapter(options.wechaty, {
      ...options.wechat,
      pacing: { timezone: settings.timezone, ...options.wechat?.pacing },
    });
    adapters.push(wechat);
    single.add(wechat);
  }
  const seen = new Set<string>();
  for (const { platform } of adapters) {
    const checked = PlatformSchema.safeParse(platform);
    if (!checked.success) throw new Error(`adapters: "${platform}": ${checked.error.issues[0]?.message}`);
    if (seen.has(platform)) throw new Error(`adapters: two adapters for the platform "${platform}"`);
    seen.add(platform);
  }
  return { adapters, single };
}

/** What the bot opens from its data folder at start. */
interface State {
  chats: ChatDirectory;
  unanswered: UnansweredLog;
  /** Picks, 有用/没用 and what /suggestions offers the admins (answer-feedback.jsonl). */
  learning: LearningLog;
  welcome: WelcomeBook;
  stats: QuestionStats;
}

async function openState(store: Store): Promise<State> {
  const chats = await ChatDirectory.open(store);
  const unanswered = await UnansweredLog.open(store.journal(UNANSWERED_JOURNAL.name, UNANSWERED_JOURNAL.schema));
  const learning = await LearningLog.open(store.journal(LEARNING_JOURNAL.name, LEARNING_JOURNAL.schema));
  const welcome = await WelcomeBook.open(store);
  const stats = await QuestionStats.open(store);
  // A chat whose id changed keeps its welcome.
  chats.onRekey((oldKey, newKey) => welcome.rekey(oldKey, newKey));
  return { chats, unanswered, learning, welcome, stats };
}

interface FeatureDeps {
  options: BotOptions;
  settings: CoreSettings;
  store: Store;
  state: State;
  outbox: Outbox;
  knowledge: KnowledgeService;
  http?: HttpServer;
  reminderOffsets: ReminderOffset[];
  log: Logger;
  now: () => Date;
  commands: () => Runtime['commands'];
  /** Web console login links, and where the console is reached (undefined without an HTTP server). */
  access: ConsoleAccess;
  consoleUrl: () => string | undefined;
  /** Hand-off requests waiting for a person. */
  desk: HandoffDesk;
  /** On a store shared by several processes: the lease that fences the scheduler's writes. */
  guard?: { lease: string; holder: string };
}

/** Every feature the bot runs. The order is /help's; which handler sees free text first is their stage's. */
function buildFeatures(deps: FeatureDeps): { features: Feature[]; scheduler: SchedulerFeature } {
  const { options, settings, store, state, outbox, knowledge, http, reminderOffsets, log, now, commands } = deps;
  const dir = options.knowledgeDir;
  const handoff = handoffFeature(deps.desk, { contact: options.contact });
  const scheduler = schedulerFeature({
    store,
    chats: state.chats,
    outbox,
    now,
    log,
    timezone: settings.timezone,
    locale: settings.locale,
    http,
    reminderOffsets,
    publicUrl: options.publicUrl,
    guard: deps.guard,
  });
  const features = [
    basicCommands(commands),
    copyCheckFeature({ dir, faq: knowledge, log }),
    kaidianFeature({ dir, faq: knowledge, log }),
    handoff,
    knowledgeFeature(knowledge, state.unanswered, state.learning, state.stats, handoff.decorateAnswer),
    welcomeFeature(state.welcome),
    suggestionsFeature({ knowledge, log: state.learning }),
    scheduler,
    // The web console: links from /console in a chat, pages on the HTTP server (when there is one).
    consoleCommandFeature(deps.access, deps.consoleUrl),
  ];
  return { features, scheduler };
}

/** /healthz: the leader, every running adapter and every feature that reports, 503 while an adapter is down. */
function serveHealth(http: HttpServer, adapters: readonly Adapter[], features: readonly Feature[], leader: () => LeadershipStatus): void {
  http.route('GET', '/healthz', (_req, res) => {
    const body = {
      ok: adapters.every((a) => a.health().up),
      // Which process runs the scheduler and the single-connection platforms (several processes on one database).
      leader: leader(),
      adapters: Object.fromEntries(adapters.map((a) => [a.platform, a.health()])),
      features: Object.fromEntries(features.flatMap((f) => (f.health ? [[f.name, f.health()]] : []))),
    };
    sendJson(res, body.ok ? 200 : 503, body);
  });
}

/** The web console's pages under /console; changes run the chat commands as the signed-in admin. */
async function serveConsole(
  http: HttpServer,
  deps: FeatureDeps,
  admins: ReadonlySet<string>,
  runtime: Runtime,
  scheduler: SchedulerFeature,
): Promise<void> {
  const { options, settings, state, store, knowledge, log, now } = deps;
  let webRuns = 0;
  http.register(
    consolePlugin({
      access: deps.access,
      locale: settings.locale,
      timezone: settings.timezone,
      now,
      log,
      isAdmin: (key) => admins.has(key),
      secureCookies: options.publicUrl?.startsWith('https:') ?? false,
      run: (admin, text) => {
        const { platform, id } = splitKey(admin);
        return runtime.handle({
          id: `console-web-${++webRuns}`,
          chat: { platform, id, kind: 'private' },
          sender: { id, name: admin },
          text,
          at: now(),
        });
      },
      chats: state.chats,
      scheduler,
      answerer: () => knowledge.current(),
      unanswered: state.unanswered,
      stats: state.stats,
      audit: await AuditLog.open(store.journal(CONSOLE_AUDIT_JOURNAL.name, CONSOLE_AUDIT_JOURNAL.schema)),
      handoffs: deps.desk,
      addAlternate: async (entryId, phrasing) => {
        const result = await addAlternate(knowledge.dir, entryId, phrasing);
        if (result.status === 'added') await knowledge.load();
        return result;
      },
      addEntry: async (entry) => {
        const result = await addEntry(knowledge.dir, entry);
        if (result.status === 'added') await knowledge.load();
        return result;
      },
    }),
    '/console',
  );
}

/**
 * Builds the bot: storage, knowledge, runtime, HTTP and adapters. Nothing touches disk or network until
 * `start()`.
 *
 * @example
 * const bot = createBot({ dataDir: './data', knowledgeDir: './knowledge', console: true });
 * await bot.start();
 */
export function createBot(options: BotOptions): Bot {
  const log = options.logger ?? createLogger('info');
  const now = options.now ?? (() => new Date());
  const admins = adminSet(options.admins);
  const settings = coreSettings(options);
  const reminderOffsets = parseOffsets(options.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS);
  if (typeof reminderOffsets === 'string') throw new Error(`reminderOffsets: ${reminderOffsets}`);
  const self = processHolderId();
  // One process alone on its store needs no claim: the webhook's own memory of recent ids covers re-sends.
  const { adapters, single } = buildAdapters(options, settings, async (id) =>
    store?.shared ? store.claim('telegram-update', String(id)) : true,
  );
  const knowledge = new KnowledgeService(
    options.knowledgeDir,
    options.buildAnswerer ??
      ((files) => buildAnswerer(files, { contact: options.contact, now, timezone: settings.timezone, triggers: settings.triggers })),
    log,
  );
  let runtime: Runtime | undefined;
  let store: Store | undefined;
  let http: HttpServer | undefined;
  let boundPort: number | undefined;
  const started: Adapter[] = [];
  const features: Feature[] = [];
  let leadership: Leadership | undefined;

  const stopAdapter = async (adapter: Adapter) => {
    const at = started.indexOf(adapter);
    if (at < 0) return;
    started.splice(at, 1);
    await adapter.stop().catch((err) => log.error({ err, platform: adapter.platform }, 'adapter stop failed'));
  };

  const stop = async () => {
    // The leader-only parts first, then the lease, so a standby takes over without waiting for the expiry.
    await leadership?.stop();
    leadership = undefined;
    // Features first: the scheduler lets its sends in flight finish while the adapters can still deliver them.
    for (const feature of features.splice(0).reverse()) await feature.stop?.();
    for (const adapter of [...started].reverse()) await stopAdapter(adapter);
    await knowledge.stop();
    await http?.close();
    if (typeof options.store !== 'object') await store?.close();
    store = undefined;
  };

  const start = async () => {
    const opened =
      typeof options.store === 'object' ? options.store : await openStore(options.store ?? options.dataDir, { disk: options.disk });
    store = opened;
    try {
      const state = await openState(opened);
      // Features push through the outbox; it reaches only adapters that started.
      const outbox = createOutbox(() => started, state.chats, log, now);
      // An admin's private chat has the admin's own id on every platform we support. All at once: a WeChat queue
      // paced at seconds per message must not hold up the Telegram admins.
      const notifyAdmins = async (reply: Reply) => {
        const running = new Set(started.map((a) => a.platform));
        // An admin re-bound to a new id is in the set under both: tell them once.
        const current = new Set([...admins].map((key) => state.chats.current(key)));
        return Promise.all([...current].filter((key) => running.has(splitKey(key).platform)).map((key) => outbox.send(key, reply)));
      };
      // An admin's private chat re-bound by the remark the bot's own account gave it (a WeChat re-login on a
      // puppet whose ids change) is the same person: BOT_ADMINS' id follows, now and at every later start.
      for (const key of [...admins]) admins.add(state.chats.current(key));
      state.chats.onRekey((oldKey, newKey) => {
        if (admins.has(oldKey)) admins.add(newKey);
      });
      await knowledge.load();
      if (options.watchKnowledge ?? true) {
        knowledge.onChange(() => Promise.all(features.map((f) => f.reload?.())).then(() => undefined));
        knowledge.watch();
      }
      // Before the features start: they add their routes (/events.ics).
      if (options.httpPort !== undefined) http = new HttpServer(log);
      const featureDeps: FeatureDeps = {
        options,
        settings,
        store: opened,
        state,
        outbox,
        knowledge,
        http,
        reminderOffsets,
        log,
        now,
        commands: () => rt.commands,
        access: new ConsoleAccess(() => now().getTime()),
        consoleUrl: () => (http ? (options.publicUrl ?? (boundPort ? `http://127.0.0.1:${boundPort}` : undefined)) : undefined),
        desk: await HandoffDesk.open({
          journal: opened.journal(HANDOFFS_JOURNAL.name, HANDOFFS_JOURNAL.schema),
          outbox,
          notifyAdmins,
          isAdmin: (key) => admins.has(key),
          now,
          log,
          locale: settings.locale,
          timezone: settings.timezone,
        }),
        guard: opened.shared ? { lease: LEADER_LEASE, holder: self } : undefined,
      };
      const built = buildFeatures(featureDeps);
      const { scheduler } = built;
      features.push(...built.features);
      // A chat is recorded only once its message validated: a malformed one must not reach chats.json.
      const onValidMessage = (message: IncomingMessage) => state.chats.seen(message.chat, now()).then(() => undefined);
      const rt = new Runtime({ settings, admins, features, log, now, onValidMessage });
      runtime = rt;
      // The scheduler starts with leadership (at once in a process alone on its store).
      for (const feature of features) if (feature !== scheduler) await feature.start?.();
      if (http) {
        serveHealth(http, started, features, () => leadership?.status() ?? { self, leading: true, leader: self });
        await serveConsole(http, featureDeps, admins, rt, scheduler);
      }

      const hostDeps: HostDeps = {
        handle: (message, checks) => rt.handle(message, checks),
        chats: state.chats,
        notifyAdmins,
        admins,
        log,
        now,
        locale: settings.locale,
        timezone: settings.timezone,
        http,
        welcome: async (chat, names, locale) => state.welcome.greet(chat, names, locale),
        commands: () => rt.commands.all,
      };
      const startAdapter = async (adapter: Adapter) => {
        await adapter.start(createAdapterHost(adapter, hostDeps));
        started.push(adapter);
        log.info({ platform: adapter.platform }, 'adapter started');
      };
      const lead = async () => {
        await scheduler.start?.();
        for (const adapter of adapters) if (single.has(adapter)) await startAdapter(adapter);
      };
      const standDown = async () => {
        await scheduler.stop?.();
        for (const adapter of [...adapters].reverse()) if (single.has(adapter)) await stopAdapter(adapter);
      };
      if (!opened.shared) {
        // The only process on this store: it leads from the start, in the order a lone bot always started.
        await scheduler.start?.();
        for (const adapter of adapters) await startAdapter(adapter);
      } else {
        for (const adapter of adapters) if (!single.has(adapter)) await startAdapter(adapter);
      }
      // A platform is any id, so a typo in BOT_ADMINS (telegarm:1) is no error: say it where it can be seen.
      const platforms = new Set(adapters.map((a) => a.platform));
      for (const admin of admins)
        if (!platforms.has(splitKey(admin).platform) && splitKey(admin).platform !== 'console')
          log.warn({ admin }, 'BOT_ADMINS names a platform no adapter runs');
      // Listen before leading, so /healthz answers while a standby waits; after the adapters that take webhooks.
      if (http) boundPort = await http.listen(options.httpPort ?? 0, options.httpHost);
      if (opened.shared) {
        leadership = new Leadership({ self, lease: opened.lease(LEADER_LEASE), log, ttlMs: options.leaseTtlMs, lead, standDown });
        await leadership.start();
      }
    } catch (err) {
      await stop().catch(() => {});
      throw err;
    }
  };

  return {
    start,
    stop,
    get runtime() {
      if (!runtime) throw new Error('the bot is not started');
      return runtime;
    },
    get httpPort() {
      return boundPort;
    },
  };
}
