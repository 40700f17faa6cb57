import type { Adapter, AdapterHost } from './core/adapter.js';
import { DEFAULT_TRIGGERS } from './core/address.js';
import { basicCommands } from './core/basic-commands.js';
import { ChatDirectory } from './core/chat-directory.js';
import type { CoreSettings } from './core/context.js';
import type { Feature } from './core/feature.js';
import { parseAdmins, splitKey, userKey } from './core/identity.js';
import { createLogger, type Logger } from './core/logger.js';
import { Runtime } from './core/runtime.js';
import type { IncomingMessage } from './core/message.js';
import { DEFAULT_TIMEZONE } from './core/time.js';
import { createOutbox } from './core/outbox.js';
import { ConsoleAdapter, CONSOLE_OPERATOR, type ConsoleOptions } from './adapters/console/console-adapter.js';
import type { WechatyInterface } from 'wechaty/impls';
import { WechatAdapter, type WechatSettings } from './adapters/wechat/index.js';
import type { Telegraf } from 'telegraf';
import { TelegramAdapter, type TelegramSettings } from './adapters/telegram/index.js';
import { WelcomeBook, welcomeFeature } from './admin/welcome.js';
import { HttpServer, sendJson } from './http/server.js';
import { consoleCommandFeature } from './admin/console-command.js';
import { AuditLog, AuditRecordSchema } from './http/console/audit.js';
import { ConsoleAccess } from './http/console/login-links.js';
import { consolePlugin } from './http/console/plugin.js';
import { QuestionStats } from './knowledge/question-stats.js';
import type { BuildAnswerer } from './knowledge/service.js';
import { KnowledgeService } from './knowledge/service.js';
import { knowledgeFeature } from './knowledge/feature.js';
import { copyCheckFeature } from './compliance/feature.js';
import { kaidianFeature } from './wizard/feature.js';
import { UnansweredLog, UnansweredRecordSchema } from './knowledge/unanswered.js';
import { LearningLog } from './knowledge/learning/learning-log.js';
import { LearningLineSchema } from './knowledge/learning/records.js';
import { suggestionsFeature } from './knowledge/learning/feature.js';
import { addAlternate } from './knowledge/learning/add-alternate.js';
import { Store } from './storage/store.js';
import type { Disk } from './storage/disk.js';
import { buildAnswerer } from './knowledge/build.js';
import { schedulerFeature } from './scheduler/feature.js';
import { DEFAULT_REMINDER_OFFSETS, parseOffsets } from './scheduler/durations.js';
import { HandoffDesk } from './handoff/desk.js';
import { handoffFeature } from './handoff/feature.js';
import { HandoffLineSchema } from './handoff/schema.js';
import type { Reply } from './core/message.js';

export interface BotOptions {
  /** Where the bot keeps its data (lowdb files, journals, the lock). */
  dataDir: string;
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
  /** Further adapters built by the embedding app. */
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
}

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
  const settings: CoreSettings = {
    timezone: options.timezone ?? DEFAULT_TIMEZONE,
    locale: options.locale ?? 'zh-CN',
    triggers: options.triggers ?? [...DEFAULT_TRIGGERS],
    floodLimit: options.floodLimit ?? 20,
  };
  const reminderOffsets = parseOffsets(options.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS);
  if (typeof reminderOffsets === 'string') throw new Error(`reminderOffsets: ${reminderOffsets}`);
  const adapters: Adapter[] = [...(options.adapters ?? [])];
  if (options.console) adapters.push(new ConsoleAdapter(options.console === true ? {} : options.console));
  if (options.telegraf) adapters.push(new TelegramAdapter(options.telegraf, options.telegram));
  if (options.wechaty) adapters.push(new WechatAdapter(options.wechaty, { ...options.wechat, pacing: { timezone: settings.timezone, ...options.wechat?.pacing } }));

  const knowledge = new KnowledgeService(options.knowledgeDir, options.buildAnswerer ?? ((files) => buildAnswerer(files, { contact: options.contact, now, timezone: settings.timezone, triggers: settings.triggers })), log);
  let runtime: Runtime | undefined;
  let store: Store | undefined;
  let http: HttpServer | undefined;
  let boundPort: number | undefined;
  const started: Adapter[] = [];
  const features: Feature[] = [];

  const stop = async () => {
    // Features first: the scheduler lets its sends in flight finish while the adapters can still deliver them.
    for (const feature of features.splice(0).reverse()) await feature.stop?.();
    for (const adapter of started.splice(0).reverse()) await adapter.stop().catch((err) => log.error({ err, platform: adapter.platform }, 'adapter stop failed'));
    await knowledge.stop();
    await http?.close();
    await store?.close();
    store = undefined;
  };

  const start = async () => {
    store = await Store.open(options.dataDir, { disk: options.disk });
    try {
      const chats = await ChatDirectory.open(store);
      // Features push through the outbox; it reaches only adapters that started.
      const outbox = createOutbox(() => started, chats, log, now);
      const unanswered = await UnansweredLog.open(store.journal('unanswered.jsonl', UnansweredRecordSchema));
      // An admin's private chat has the admin's own id on every platform we support.
      // All at once: a WeChat queue paced at seconds per message must not hold up the Telegram admins.
      const notifyAdmins = async (reply: Reply) => {
        const running = new Set(started.map((a) => a.platform));
        // An admin re-bound to a new id is in the set under both: tell them once.
        const current = new Set([...admins].map((key) => chats.current(key)));
        const targets = [...current].filter((key) => running.has(splitKey(key).platform as Adapter['platform']));
        return Promise.all(targets.map((key) => outbox.send(key, reply)));
      };
      const learning = await LearningLog.open(store.journal('answer-feedback.jsonl', LearningLineSchema));
      const welcome = await WelcomeBook.open(store);
      const stats = await QuestionStats.open(store);
      chats.onRekey((oldKey, newKey) => welcome.rekey(oldKey, newKey));
      // An admin's private chat re-bound by the remark the bot's own account gave it (a WeChat re-login on a
      // puppet whose ids change) is the same person: BOT_ADMINS' id follows, now and at every later start.
      for (const key of [...admins]) admins.add(chats.current(key));
      chats.onRekey((oldKey, newKey) => {
        if (admins.has(oldKey)) admins.add(newKey);
      });
      await knowledge.load();
      if (options.watchKnowledge ?? true) {
        knowledge.onChange(() => Promise.all(features.map((f) => f.reload?.())).then(() => undefined));
        knowledge.watch();
      }
      // Before the features start: they add their routes (/events.ics).
      if (options.httpPort !== undefined) http = new HttpServer(log);
      const desk = await HandoffDesk.open({ journal: store.journal('handoffs.jsonl', HandoffLineSchema), outbox, notifyAdmins, isAdmin: (key) => admins.has(key), now, log, locale: settings.locale, timezone: settings.timezone });
      const handoff = handoffFeature(desk, { contact: options.contact });
      // The copy check, the wizard and the hand-off come before the answerer: their handlers take replies to their own questions.
      features.push(basicCommands(() => rt.commands), copyCheckFeature({ dir: options.knowledgeDir, faq: knowledge, log }), kaidianFeature({ dir: options.knowledgeDir, faq: knowledge, log }), handoff, knowledgeFeature(knowledge, unanswered, learning, stats, handoff.decorateAnswer), welcomeFeature(welcome));
      features.push(suggestionsFeature({ knowledge, log: learning }));
      const scheduler = schedulerFeature({ store, chats, outbox, now, log, timezone: settings.timezone, http, reminderOffsets, publicUrl: options.publicUrl });
      features.push(scheduler);
      // The web console: links from /console in a chat, pages on the HTTP server (when there is one).
      const access = new ConsoleAccess(() => now().getTime());
      features.push(consoleCommandFeature(access, () => (http ? (options.publicUrl ?? (boundPort ? `http://127.0.0.1:${boundPort}` : undefined)) : undefined)));
      // A chat is recorded only once its message validated: a malformed one must not reach chats.json.
      const onValidMessage = (message: IncomingMessage) => chats.seen(message.chat, now()).then(() => undefined);
      const rt = new Runtime({ settings, admins, features, log, now, onValidMessage });
      runtime = rt;
      for (const feature of features) await feature.start?.();
      const host: AdapterHost = {
        http,
        chats,
        log,
        now,
        locale: settings.locale,
        isAdmin: (key) => admins.has(key),
        welcome: async (chat, names) => welcome.greet(chat, names, settings.locale),
        commands: () => rt.commands.all,
        handle: (message, checks) => rt.handle(message, checks),
        notifyAdmins: async (text) => void (await notifyAdmins({ text })),
      };

      if (http) {
        let webRuns = 0;
        http.register(
          consolePlugin({
            access,
            locale: settings.locale,
            timezone: settings.timezone,
            now,
            log,
            isAdmin: (key) => admins.has(key),
            secureCookies: options.publicUrl?.startsWith('https:') ?? false,
            run: (admin, text) => {
              const { platform, id } = splitKey(admin);
              return rt.handle({ id: `console-web-${++webRuns}`, chat: { platform: platform as Adapter['platform'], id, kind: 'private' }, sender: { id, name: admin }, text, at: now() });
            },
            chats,
            scheduler,
            answerer: () => knowledge.current(),
            knowledgeDir: options.knowledgeDir,
            unanswered,
            stats,
            audit: await AuditLog.open(store.journal('console-audit.jsonl', AuditRecordSchema)),
            handoffs: desk,
            addAlternate: async (entryId, phrasing) => {
              const result = await addAlternate(knowledge.dir, entryId, phrasing);
              if (result.status === 'added') await knowledge.load();
              return result;
            },
          }),
          '/console',
        );
        http.route('GET', '/healthz', (_req, res) => {
          const body = {
            ok: started.every((a) => a.health().up),
            adapters: Object.fromEntries(started.map((a) => [a.platform, a.health()])),
            features: Object.fromEntries(features.filter((f) => f.health).map((f) => [f.name, f.health!()])),
          };
          sendJson(res, body.ok ? 200 : 503, body);
        });
      }

      for (const adapter of adapters) {
        await adapter.start(host);
        started.push(adapter);
        log.info({ platform: adapter.platform }, 'adapter started');
      }
      // Listen last, so a webhook never arrives before its adapter is ready.
      if (http) boundPort = await http.listen(options.httpPort!, options.httpHost);
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
