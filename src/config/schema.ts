import { isIP } from 'node:net';
import { z } from 'zod';
import { parseAdmins } from '../core/identity.js';
import { DEFAULT_TIMEZONE } from '../core/time.js';
import { DEFAULT_REMINDER_OFFSETS, parseOffsets } from '../scheduler/durations.js';

const optionalText = z.string().trim().optional();

// A .env template with blank lines (BOT_FLOOD_LIMIT=) means "unset": the default applies. Only where an empty value
// says something (no triggers, no reminders) is it kept.
const BLANK_MEANS_EMPTY = new Set(['BOT_TRIGGERS', 'BOT_REMINDER_OFFSETS']);
function blanksUnset(env: unknown): unknown {
  if (!env || typeof env !== 'object') return env;
  return Object.fromEntries(
    Object.entries(env).filter(([key, value]) => BLANK_MEANS_EMPTY.has(key) || typeof value !== 'string' || value.trim() !== ''),
  );
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const port = z.coerce.number().int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535');

/** BOT_TRIGGERS: comma-separated prefixes; empty means none. */
export function parseTriggers(raw: string): string[] {
  return raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

// An address to bind: an IPv4 or IPv6 literal, or a host name the resolver turns into one (localhost).
const bindHost = z
  .string()
  .trim()
  .refine(
    (host) => isIP(host) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(host),
    'must be an IP address or host name to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface, e.g. in a container)',
  );

// Names are the environment variable names so that an error message can name the setting as the operator wrote it.
const EnvFields = z.object({
  BOT_DATA_DIR: z.string().trim().min(1).default('./data'),
  BOT_STORE: optionalText.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/\S+$/i,
        'must be a postgres://user:password@host:port/database URL (leave it unset to keep the data in BOT_DATA_DIR)',
      )
      .optional(),
  ),
  BOT_KNOWLEDGE_DIR: z.string().trim().min(1).default('./knowledge'),
  BOT_ADMINS: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const parsed = parseAdmins(raw);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  BOT_TIMEZONE: z.string().trim().default(DEFAULT_TIMEZONE).refine(isTimeZone, 'is not an IANA time zone (e.g. Asia/Shanghai)'),
  BOT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  BOT_HTTP_PORT: port.optional(),
  // Loopback by default: /healthz shows adapter state, and a port open to the world invites every scanner on it.
  BOT_HTTP_HOST: bindHost.default('127.0.0.1'),
  BOT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  BOT_CONTACT: optionalText,
  BOT_TRIGGERS: z.string().default('问,？,?').transform(parseTriggers),
  BOT_FLOOD_LIMIT: z.coerce.number().int().min(1).default(20),
  BOT_REMINDER_OFFSETS: z
    .string()
    .default(DEFAULT_REMINDER_OFFSETS)
    .superRefine((raw, ctx) => {
      const parsed = parseOffsets(raw);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    }),
  BOT_PUBLIC_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL such as https://bot.example.com' }).optional(),
  ),
  TELEGRAM_BOT_TOKEN: optionalText.refine(
    (t) => t === undefined || /^\d+:[\w-]{20,}$/.test(t),
    'does not look like a bot token (123456:ABC…) from @BotFather',
  ),
  TELEGRAM_API_ROOT: optionalText.pipe(z.url('must be a URL such as http://127.0.0.1:8081').optional()),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[\w-]{1,256}$/, 'must be 1-256 characters of A-Z a-z 0-9 _ -')
      .optional(),
  ),
  TELEGRAM_MAX_RETRY_AFTER: z.coerce
    .number()
    .int('must be a whole number (seconds)')
    .min(1, 'must be at least 1 (seconds)')
    .max(86_400)
    .default(300),
  WECHATY_PUPPET: optionalText,
  WECHAT_FRIEND_KEYWORD: optionalText,
  // The WeChat adapter's own defaults (DEFAULT_PACING) for apps that embed it; these are npm start's (README).
  WECHAT_SEND_GAP_MIN_SECONDS: z.coerce.number().min(0.5, 'must be at least 0.5 (seconds)').max(600).default(2),
  WECHAT_SEND_GAP_MAX_SECONDS: z.coerce.number().min(0.5, 'must be at least 0.5 (seconds)').max(600).default(5),
  WECHAT_DAILY_SEND_CAP: z.coerce.number().int('must be a whole number').min(1).default(500),
  WECHAT_THROTTLE_PAUSE_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(30),
  WECHAT_MP_APP_ID: optionalText.pipe(
    z
      .string()
      .regex(/^wx[0-9a-f]{16}$/i, 'must be the AppID from 公众号 → 设置与开发 → 基本配置 (wx + 16 hex digits)')
      .optional(),
  ),
  WECHAT_MP_APP_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{32}$/i, 'must be the 32-character AppSecret from 基本配置')
      .optional(),
  ),
  WECHAT_MP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3-32 letters or digits, the same Token as in 服务器配置')
      .optional(),
  ),
  WECHAT_MP_AES_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey from 服务器配置')
      .optional(),
  ),
  WECHAT_MP_API_ROOT: optionalText.pipe(z.url('must be a URL such as https://api.weixin.qq.com').optional()),
  WECHAT_MP_PATH: optionalText.pipe(
    z
      .string()
      .regex(/^\/[\w\-/]{1,100}$/, 'must be a path such as /wechat-mp')
      .optional(),
  ),
});

/** The names of every setting, for checks that the documentation (README, .env.example) lists each one. */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvFields.shape);

/** Every environment setting the bot reads, with the checks that span two of them. */
export const EnvSchema = z.preprocess(
  blanksUnset,
  EnvFields.superRefine((env, ctx) => {
    const mp = ['WECHAT_MP_APP_ID', 'WECHAT_MP_APP_SECRET', 'WECHAT_MP_TOKEN'] as const;
    const missing = mp.filter((name) => !env[name]);
    if (missing.length && missing.length < mp.length) {
      ctx.addIssue({
        code: 'custom',
        path: [missing[0]!],
        message: `must be set with ${mp.filter((name) => env[name]).join(' and ')}: the Official Account needs its AppID, AppSecret and Token`,
      });
    }
    if (env.WECHAT_MP_APP_ID && env.BOT_HTTP_PORT === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_MP_APP_ID'],
        message: "needs BOT_HTTP_PORT: WeChat calls the bot's HTTP server (behind your domain's reverse proxy)",
      });
    }
    if (env.TELEGRAM_WEBHOOK_URL && env.BOT_HTTP_PORT === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_URL'],
        message: "needs BOT_HTTP_PORT: the bot's HTTP server receives the webhook (behind an https reverse proxy)",
      });
    }
    if (env.WECHAT_SEND_GAP_MAX_SECONDS < env.WECHAT_SEND_GAP_MIN_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_SEND_GAP_MAX_SECONDS'],
        message: `must not be below WECHAT_SEND_GAP_MIN_SECONDS (${env.WECHAT_SEND_GAP_MIN_SECONDS})`,
      });
    }
  }),
);

export type Env = z.infer<typeof EnvSchema>;
