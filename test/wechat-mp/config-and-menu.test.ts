import { afterEach, describe, expect, it } from 'vitest';
import { mpSettingsFromEnv } from '../../src/adapters/wechat-mp/index.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { runTs } from '../helpers/cli.js';
import { APP_ID, APP_SECRET, FakeWechat, TOKEN } from './fake-wechat.js';

const NO_FILE = '/nonexistent/.env';
const MP = { WECHAT_MP_APP_ID: APP_ID, WECHAT_MP_APP_SECRET: APP_SECRET, WECHAT_MP_TOKEN: TOKEN, BOT_HTTP_PORT: '8080' };

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env, NO_FILE);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
}

let fake: FakeWechat | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('Official Account settings', () => {
  it('takes the three settings together, with the HTTP port, and names what is missing or wrong', () => {
    expect(mpSettingsFromEnv(loadConfig(MP, NO_FILE))).toMatchObject({ appId: APP_ID, appSecret: APP_SECRET, token: TOKEN });
    expect(mpSettingsFromEnv(loadConfig({}, NO_FILE))).toBeUndefined();
    expect(configError({ ...MP, WECHAT_MP_TOKEN: '' })).toMatch(/^WECHAT_MP_TOKEN/);
    expect(configError({ ...MP, BOT_HTTP_PORT: '' })).toMatch(/^WECHAT_MP_APP_ID.*BOT_HTTP_PORT/);
    expect(configError({ ...MP, WECHAT_MP_AES_KEY: 'too-short' })).toMatch(/^WECHAT_MP_AES_KEY.*43/);
    expect(configError({ ...MP, WECHAT_MP_APP_ID: 'gh_123' })).toMatch(/^WECHAT_MP_APP_ID/);
  });

  it('mp:menu prints help, and installs the menu through the API', async () => {
    const help = await runTs('scripts/mp-menu.ts', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run -s mp:menu');
    fake = new FakeWechat({ botUrl: () => '' });
    await fake.start();
    const installed = await runTs('scripts/mp-menu.ts', [], { env: { ...MP, WECHAT_MP_API_ROOT: fake.url } });
    expect(installed.code).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({ errcode: 0 });
    expect(JSON.stringify(fake.menus)).toContain('SUBSCRIBE');
    const refused = await runTs('scripts/mp-menu.ts', [], {
      env: { ...MP, WECHAT_MP_APP_SECRET: 'f'.repeat(32), WECHAT_MP_API_ROOT: fake.url },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^mp:menu: access token refused \(40125 invalid appsecret\)/);
    expect(refused.stderr).not.toContain('    at ');
  });
});
