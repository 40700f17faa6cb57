import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';

const NO_FILE = '/nonexistent/.env';

describe('Telegram settings', () => {
  it('defaults to long polling with a 300 s ceiling for 429 waits', () => {
    const config = loadConfig({}, NO_FILE);
    expect(config.TELEGRAM_WEBHOOK_URL).toBeUndefined();
    expect(config.TELEGRAM_WEBHOOK_SECRET).toBeUndefined();
    expect(config.TELEGRAM_MAX_RETRY_AFTER).toBe(300);
  });

  it('accepts a webhook with the HTTP port it is served on', () => {
    const config = loadConfig(
      { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook', BOT_HTTP_PORT: '8080', TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-123' },
      NO_FILE,
    );
    expect(config.TELEGRAM_WEBHOOK_URL).toBe('https://bot.example.org/tg/hook');
    expect(config.TELEGRAM_WEBHOOK_SECRET).toBe('abc_DEF-123');
  });

  it.each([
    [{ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook' }, /^TELEGRAM_WEBHOOK_URL needs BOT_HTTP_PORT/],
    [{ TELEGRAM_WEBHOOK_SECRET: 'has spaces in it' }, /^TELEGRAM_WEBHOOK_SECRET must be 1-256 characters(?!.*spaces)/],
    [{ TELEGRAM_MAX_RETRY_AFTER: '0' }, /^TELEGRAM_MAX_RETRY_AFTER must be at least 1/],
    [{ TELEGRAM_MAX_RETRY_AFTER: 'soon' }, /^TELEGRAM_MAX_RETRY_AFTER/],
  ])('names the setting in one line for %j', (env, message) => {
    expect(() => loadConfig(env, NO_FILE)).toThrowError(message);
  });
});
