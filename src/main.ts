// First import: keeps dotenv (pulled in by natural) from printing to stdout.
import './quiet-dotenv.js';
import { createBot } from './bot.js';
import { buildWechaty } from './adapters/wechat/build-wechaty.js';
import { Telegraf } from 'telegraf';
import { mpSettingsFromEnv, WechatMpAdapter } from './adapters/wechat-mp/index.js';
import { parseCommandLine } from './cli-args.js';
import { ConfigError, loadConfig } from './config/load.js';
import { SETTING_NAMES } from './config/schema.js';
import { createLogger } from './core/logger.js';
import { explainStartError } from './start-errors.js';
import { LOCK_NAME } from './storage/lock.js';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { superviseProcess } from './process-supervisor.js';

const USAGE = `
Usage: npm start

Runs the county e-commerce bot until SIGINT or SIGTERM: on Telegram when TELEGRAM_BOT_TOKEN is set, on WeChat when
WECHATY_PUPPET is set, on a WeChat Official Account when WECHAT_MP_APP_ID is set, otherwise as a chat in this
terminal (piped input: one message per line, exit 0 at its end).
Replies go to stdout, logs to stderr.

Settings come from the environment and from an optional .env file in the working directory (the environment wins);
.env.example and the README describe each one:
  ${['BOT_', 'TELEGRAM_', 'WECHAT'].map((prefix) => SETTING_NAMES.filter((name) => name.startsWith(prefix)).join(' ')).join('\n  ')}

Exit status: 0 after a clean stop, 1 when the bot cannot start (the log line says why), 2 for an invalid setting.
`;

/** `npm start`: reads the environment, builds the bot, and runs until interrupted or until stdin ends. */
async function main(): Promise<number> {
  parseCommandLine(USAGE, {});
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger(config.BOT_LOG_LEVEL, config.BOT_LOG_FORMAT);
  const mp = mpSettingsFromEnv(config);
  const platforms = [config.TELEGRAM_BOT_TOKEN && 'telegram', config.WECHATY_PUPPET && 'wechat', mp && 'wechat-mp'].filter(Boolean);
  let holdsLock = false;
  const supervisor = superviseProcess(log, () => {
    // Ours while the start has succeeded; a later start would take it over as stale anyway (its pid is gone).
    if (holdsLock) rmSync(path.join(config.BOT_DATA_DIR, LOCK_NAME), { force: true });
  });

  const bot = createBot({
    dataDir: config.BOT_DATA_DIR,
    store: config.BOT_STORE,
    knowledgeDir: config.BOT_KNOWLEDGE_DIR,
    admins: [...config.BOT_ADMINS],
    timezone: config.BOT_TIMEZONE,
    locale: config.BOT_LOCALE,
    contact: config.BOT_CONTACT,
    triggers: config.BOT_TRIGGERS,
    floodLimit: config.BOT_FLOOD_LIMIT,
    httpPort: config.BOT_HTTP_PORT,
    httpHost: config.BOT_HTTP_HOST,
    reminderOffsets: config.BOT_REMINDER_OFFSETS,
    publicUrl: config.BOT_PUBLIC_URL,
    logger: log,
    // With no platform configured the terminal is the chat; piped input ends the run.
    console: platforms.length ? false : { onEnd: () => supervisor.finish(0) },
    // A piped batch ends with its input; a file watcher would only delay the exit.
    watchKnowledge: process.stdin.isTTY === true || platforms.length > 0,
    wechaty: config.WECHATY_PUPPET ? await buildWechaty(config.BOT_DATA_DIR) : undefined,
    telegraf: config.TELEGRAM_BOT_TOKEN
      ? new Telegraf(config.TELEGRAM_BOT_TOKEN, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } })
      : undefined,
    adapters: mp ? [new WechatMpAdapter(mp)] : [],
    telegram: {
      webhookUrl: config.TELEGRAM_WEBHOOK_URL,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      maxRetryAfterSeconds: config.TELEGRAM_MAX_RETRY_AFTER,
    },
    wechat: {
      friendKeyword: config.WECHAT_FRIEND_KEYWORD,
      pacing: {
        minGapMs: config.WECHAT_SEND_GAP_MIN_SECONDS * 1000,
        maxGapMs: config.WECHAT_SEND_GAP_MAX_SECONDS * 1000,
        dailyCap: config.WECHAT_DAILY_SEND_CAP,
        pauseMs: config.WECHAT_THROTTLE_PAUSE_MINUTES * 60_000,
      },
    },
  });

  try {
    await bot.start();
    holdsLock = true;
  } catch (err) {
    const problem = explainStartError(err, {
      dataDir: config.BOT_DATA_DIR,
      httpHost: config.BOT_HTTP_HOST,
      httpPort: config.BOT_HTTP_PORT,
    });
    if (problem === undefined) throw err;
    log.fatal(problem);
    return 1;
  }
  const code = await supervisor.finished;
  await bot.stop();
  holdsLock = false;
  log.info('stopped');
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
