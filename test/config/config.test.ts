import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { DEFAULT_PACING } from '../../src/adapters/wechat/pacing-queue.js';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NO_FILE = '/nonexistent/.env';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({}, NO_FILE);
    expect(config.BOT_DATA_DIR).toBe('./data');
    expect(config.BOT_TIMEZONE).toBe('Asia/Shanghai');
    expect(config.BOT_LOCALE).toBe('zh-CN');
    expect(config.BOT_HTTP_PORT).toBeUndefined();
    // Loopback unless the operator opens it: a stranger who reaches the port sees /healthz.
    expect(config.BOT_HTTP_HOST).toBe('127.0.0.1');
    expect(config.BOT_LOG_FORMAT).toBe('auto');
    expect([...config.BOT_ADMINS]).toEqual([]);
  });

  it.each(['0.0.0.0', '::', '::1', '192.168.1.20', 'localhost', 'bot.internal'])('accepts %s as BOT_HTTP_HOST', (host) => {
    expect(loadConfig({ BOT_HTTP_HOST: host }, NO_FILE).BOT_HTTP_HOST).toBe(host);
  });

  // The config may not import the adapter (adapters depend on the core, not the other way round), so the numbers
  // are written twice; this keeps npm start's defaults and an embedding app's the same.
  it("gives WeChat pacing the adapter's own defaults", () => {
    const config = loadConfig({}, NO_FILE);
    expect({
      minGapMs: config.WECHAT_SEND_GAP_MIN_SECONDS * 1000,
      maxGapMs: config.WECHAT_SEND_GAP_MAX_SECONDS * 1000,
      dailyCap: config.WECHAT_DAILY_SEND_CAP,
      pauseMs: config.WECHAT_THROTTLE_PAUSE_MINUTES * 60_000,
    }).toEqual({
      minGapMs: DEFAULT_PACING.minGapMs,
      maxGapMs: DEFAULT_PACING.maxGapMs,
      dailyCap: DEFAULT_PACING.dailyCap,
      pauseMs: DEFAULT_PACING.pauseMs,
    });
  });

  it('treats a blank value (a .env template line) as unset, except where empty means none', () => {
    const blank = {
      BOT_FLOOD_LIMIT: '',
      BOT_TIMEZONE: ' ',
      BOT_LOG_LEVEL: '',
      TELEGRAM_MAX_RETRY_AFTER: '',
      WECHAT_DAILY_SEND_CAP: '',
      BOT_HTTP_PORT: '',
      BOT_CONTACT: '  ',
      BOT_TRIGGERS: '',
    };
    const config = loadConfig(blank, NO_FILE);
    expect(config).toMatchObject({
      BOT_FLOOD_LIMIT: 20,
      BOT_TIMEZONE: 'Asia/Shanghai',
      BOT_LOG_LEVEL: 'info',
      TELEGRAM_MAX_RETRY_AFTER: 300,
      WECHAT_DAILY_SEND_CAP: 500,
    });
    expect(config.BOT_HTTP_PORT).toBeUndefined();
    expect(config.BOT_CONTACT).toBeUndefined();
    expect(config.BOT_TRIGGERS).toEqual([]);
  });

  it('parses admins as platform:id', () => {
    const config = loadConfig({ BOT_ADMINS: 'telegram:123456, wechat:wxid_abc' }, NO_FILE);
    expect([...config.BOT_ADMINS]).toEqual(['telegram:123456', 'wechat:wxid_abc']);
  });

  it.each([
    ['BOT_TIMEZONE', 'Mars/Base', /BOT_TIMEZONE .*IANA/],
    ['BOT_ADMINS', 'alice', /BOT_ADMINS .*platform:id/],
    ['BOT_ADMINS', 'QQ:123', /BOT_ADMINS/],
    ['BOT_HTTP_PORT', '70000', /BOT_HTTP_PORT/],
    ['BOT_HTTP_PORT', 'eighty', /BOT_HTTP_PORT/],
    ['BOT_LOCALE', 'fr', /BOT_LOCALE/],
    ['BOT_LOG_LEVEL', 'loud', /BOT_LOG_LEVEL/],
    ['BOT_LOG_FORMAT', 'xml', /BOT_LOG_FORMAT/],
    ['BOT_HTTP_HOST', 'http://0.0.0.0', /BOT_HTTP_HOST .*0\.0\.0\.0/],
    ['BOT_HTTP_HOST', '0.0.0.0:8080', /BOT_HTTP_HOST/],
    ['TELEGRAM_API_ROOT', 'not a url', /TELEGRAM_API_ROOT/],
    ['TELEGRAM_WEBHOOK_URL', 'http://example.org/hook', /TELEGRAM_WEBHOOK_URL .*https/],
    ['BOT_STORE', 'mysql://bot@db/bot', /BOT_STORE .*postgres:\/\//],
  ])('names %s when it is invalid (%s)', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value }, NO_FILE)).toThrowError(message);
    try {
      loadConfig({ [variable]: value }, NO_FILE);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variable).toBe(variable);
    }
  });

  it('never echoes a token, even a malformed one', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'secret-ish' }, NO_FILE)).toThrowError(/^TELEGRAM_BOT_TOKEN (?!.*secret-ish)/);
  });

  it('reads .env underneath the real environment', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bot-env-'));
    const file = path.join(dir, '.env');
    await writeFile(file, 'BOT_TIMEZONE=America/New_York\nBOT_LOCALE=en\n');
    const config = loadConfig({ BOT_LOCALE: 'zh-CN' }, file);
    expect(config.BOT_TIMEZONE).toBe('America/New_York');
    expect(config.BOT_LOCALE).toBe('zh-CN');
  });
});
