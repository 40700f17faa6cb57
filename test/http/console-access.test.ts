import { afterEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import { ConsoleAccess } from '../../src/http/console/login-links.js';
import { tempDir } from '../helpers/cli.js';
import { silentLog } from '../helpers/runtime.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { ADMIN } from '../scheduler/helpers.js';

describe('console login links and sessions', () => {
  it('works once, for 10 minutes, and the session ends after 12 hours or when its admin is removed', () => {
    let t = 0;
    const access = new ConsoleAccess(() => t);
    const admins = new Set(['telegram:1']);
    const isAdmin = (key: string) => admins.has(key);
    const link = access.issue('telegram:1');
    const { session } = access.redeem(link)!;
    expect(access.redeem(link)).toBeUndefined();
    expect(access.admin(session, isAdmin)).toBe('telegram:1');
    const stale = access.issue('telegram:1');
    t += 10 * 60_000 + 1;
    expect(access.redeem(stale)).toBeUndefined();
    t += 12 * 3600_000;
    expect(access.admin(session, isAdmin)).toBeUndefined();
    const again = access.redeem(access.issue('telegram:1'))!;
    admins.clear();
    expect(access.admin(again.session, isAdmin)).toBeUndefined();
    admins.add('telegram:1');
    expect(access.admin(again.session, isAdmin)).toBeUndefined();
  });
});

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

async function start(httpPort?: number) {
  const adapter = new FakeAdapter();
  bot = createBot({
    dataDir: await tempDir('console-cmd-'),
    knowledgeDir: await tempDir('kb-'),
    admins: `fake:${ADMIN}`,
    logger: silentLog,
    watchKnowledge: false,
    httpPort,
    adapters: [adapter],
  });
  await bot.start();
  return adapter;
}

describe('/console in the chat', () => {
  it('gives an admin a link in a private chat only, and refuses members', async () => {
    const adapter = await start(0);
    const [link] = await adapter.say('/console');
    expect(link?.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/console\/login\?t=[\w-]{20,}/);
    const response = await fetch(/(http\S+)/.exec(link!.text)![1]!, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toMatch(/console_session=.*HttpOnly.*SameSite=Lax/i);
    const [group] = await adapter.say('后台', { chat: 'g1', kind: 'group', sender: ADMIN });
    expect(group?.text).toContain('只在私聊');
    const [member] = await adapter.say('/console', { chat: 'u9' });
    expect(member?.text).not.toContain('/console/login');
  });

  it('says how to turn the console on when there is no HTTP server', async () => {
    const adapter = await start(undefined);
    const [reply] = await adapter.say('/console');
    expect(reply?.text).toContain('BOT_HTTP_PORT');
  });

  it('sends the security headers and 401 without a session', async () => {
    await start(0);
    const response = await fetch(`http://127.0.0.1:${bot!.httpPort}/console/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
