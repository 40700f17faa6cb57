// First import: keeps dotenv (pulled in by natural) from printing to stdout.
import './quiet-dotenv.js';
import { createBot } from './bot.js';
import { buildWechaty } from './adapters/wechat/build-wechaty.js';
import { Telegraf } from 'telegraf';
import { mpSettingsFromEnv, WechatMpAdapter } from './adapters/wechat-mp/index.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './core/logger.js';
import { DataDirLockedError, DataFileError, diskProblem, NotSavedError } from './storage/errors.js';
import { LOCK_NAME } from './storage/lock.js';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { superviseProcess } from './process-supervisor.js';

/** What a failed start says in one line, or undefined for a failure nobody foresaw (then the stack helps). */
function startFailure(err: unknown, dataDir: string): string | undefined {
  if (err instanceof DataDirLockedError || err instanceof DataFileError || err instanceof NotSavedError) return err.message;
  const disk = diskProblem(err);
  if (disk) return `cannot write to the data directory ${dataDir}: ${disk} (${(err as NodeJS.ErrnoException).code}). Free some space (or fix the disk) and start again.`;
}

/** `npm start`: reads the environment, builds the bot, and runs until interrupted or until stdin ends. */
async function main(): Promise<number> {
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
  const log = createLogger(config.BOT_LOG_LEVEL);
  const mp = mpSettingsFromEnv(config);
  const platforms = [config.TELEGRAM_BOT_TOKEN && 'telegram', config.WECHATY_PUPPET && 'wechat', mp && 'wechat-mp'].filter(Boolean);
  let holdsLock = false;
  const supervisor = superviseProcess(log, () => {
    // Ours while the start has succeeded; a later start would take it over as stale anyway (its pid is gone).
    if (holdsLock) rmSync(path.join(config.BOT_DATA_DIR, LOCK_NAME), { force: true });
  });

  const bot = createBot({
    dataDir: config.BOT_DATA_DIR,
    knowledgeDir: config.BOT_KNOWLEDGE_DIR,
    admins: [...config.BOT_ADMINS],
    timezone: config.BOT_TIMEZONE,
    locale: config.BOT_LOCALE,
    contact: config.BOT_CONTACT,
    triggers: config.BOT_TRIGGERS,
    floodLimit: config.BOT_FLOOD_LIMIT,
    httpPort: config.BOT_HTTP_PORT,
    reminderOffsets: config.BOT_REMINDER_OFFSETS,
    publicUrl: config.BOT_PUBLIC_URL,
    logger: log,
    // With no platform configured the terminal is the chat; piped input ends the run.
    console: platforms.length ? false : { onEnd: () => supervisor.finish(0) },
    // A piped batch ends with its input; a file watcher would only delay the exit.
    watchKnowledge: process.stdin.isTTY === true || platforms.length > 0,
    wechaty: config.WECHATY_PUPPET ? await buildWechaty(config.BOT_DATA_DIR) : undefined,
    telegraf: config.TELEGRAM_BOT_TOKEN ? new Telegraf(config.TELEGRAM_BOT_TOKEN, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } }) : undefined,
    adapters: mp ? [new WechatMpAdapter(mp)] : [],
    telegram: { webhookUrl: config.TELEGRAM_WEBHOOK_URL, webhookSecret: config.TELEGRAM_WEBHOOK_SECRET, maxRetryAfterSeconds: config.TELEGRAM_MAX_RETRY_AFTER },
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
    const line = startFailure(err, config.BOT_DATA_DIR);
    if (!line) throw err;
    log.fatal(line);
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
