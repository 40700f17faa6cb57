import { afterEach, describe, expect, it } from 'vitest';
import { WechatMpAdapter, type WechatMpSettings } from '../../src/adapters/wechat-mp/index.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { AdapterHost } from '../../src/core/adapter.js';
import { silentLog } from '../helpers/runtime.js';
import { tempDir } from '../helpers/cli.js';
import { APP_ID, APP_SECRET, FakeWechat, TOKEN, AES_KEY } from './fake-wechat.js';

const ADMIN = 'oADMIN';

/** An adapter whose answers take `delayMs` longer than the bot needs, to test what WeChat's 5 s mean. */
class SlowAdapter extends WechatMpAdapter {
  constructor(
    settings: WechatMpSettings,
    private readonly delayMs: number,
  ) {
    super(settings);
  }
  override start(host: AdapterHost): Promise<void> {
    const handle: AdapterHost['handle'] = async (message, checks) => {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return host.handle(message, checks);
    };
    return super.start(Object.create(host, { handle: { value: handle } }) as AdapterHost);
  }
}

let running: { bot: Bot; wechat: FakeWechat }[] = [];
afterEach(async () => {
  for (const r of running) {
    await r.bot.stop();
    await r.wechat.stop();
  }
  running = [];
});

async function launch(options: { safe?: boolean; timeoutMs?: number; budgetMs?: number; delayMs?: number } = {}) {
  let port = 0;
  const wechat = new FakeWechat({ botUrl: () => `http://127.0.0.1:${port}/wechat-mp`, safe: options.safe, timeoutMs: options.timeoutMs });
  await wechat.start();
  const settings: WechatMpSettings = {
    appId: APP_ID,
    appSecret: APP_SECRET,
    token: TOKEN,
    aesKey: options.safe ? AES_KEY : undefined,
    apiRoot: wechat.url,
    replyBudgetMs: options.budgetMs,
    retryBaseMs: 5,
  };
  const adapter = options.delayMs ? new SlowAdapter(settings, options.delayMs) : new WechatMpAdapter(settings);
  const bot = createBot({
    dataDir: await tempDir('mp-'),
    knowledgeDir: 'knowledge',
    admins: `wechat-mp:${ADMIN}`,
    logger: silentLog,
    watchKnowledge: false,
    httpPort: 0,
    adapters: [adapter],
  });
  await bot.start();
  port = bot.httpPort!;
  const run = { bot, wechat, port, adapter };
  running.push(run);
  return run;
}

describe('WeChat Official Account', () => {
  it('verifies the server configuration and refuses a wrong signature', async () => {
    const { port } = await launch();
    const { signParts } = await import('../../src/adapters/wechat-mp/crypto.js');
    const ok = await fetch(
      `http://127.0.0.1:${port}/wechat-mp?signature=${signParts(TOKEN, '1700000000', 'n1')}&timestamp=1700000000&nonce=n1&echostr=hello123`,
    );
    expect(await ok.text()).toBe('hello123');
    const bad = await fetch(
      `http://127.0.0.1:${port}/wechat-mp?signature=${signParts('wrong', '1700000000', 'n1')}&timestamp=1700000000&nonce=n1&echostr=hello123`,
    );
    expect(bad.status).toBe(401);
  });

  for (const safe of [false, true]) {
    it(`welcomes a new follower and answers a question passively (${safe ? 'safe' : 'plain'} mode)`, async () => {
      const { wechat } = await launch({ safe });
      const welcome = await wechat.event('oUSER1', 'subscribe');
      expect(welcome.reply?.MsgType).toBe('text');
      expect(welcome.reply?.ToUserName).toBe('oUSER1');
      expect(welcome.reply?.Content).toContain('/subscribe');
      const answer = await wechat.text('oUSER1', '卖自家橘子要办营业执照吗');
      expect(answer.tries).toBe(1);
      expect(answer.reply?.Content).toContain('营业执照');
      expect(answer.reply?.Content).toContain('电子商务法');
    });
  }

  it('refuses a forged callback and does not answer it', async () => {
    const { wechat } = await launch({ safe: true });
    const forged = await wechat.callback(
      { ToUserName: 'gh', FromUserName: 'oEVIL', CreateTime: 1, MsgType: 'text', Content: '/help', MsgId: '42' },
      { forge: true },
    );
    expect(forged.status).toBe(401);
    expect(forged.reply).toBeUndefined();
    expect(wechat.delivered).toEqual([]);
  });

  it('sends a slow answer once as a customer-service message, whatever WeChat retries', async () => {
    // WeChat (here 300 ms) gives up before the bot's budget (1 s); the answer needs 1.5 s.
    const { wechat } = await launch({ timeoutMs: 300, budgetMs: 1000, delayMs: 1500 });
    const first = await wechat.text('oSLOW', '卖自家橘子要办营业执照吗');
    expect(first.tries).toBe(2);
    expect(first.raw).toBe('success');
    await expect.poll(() => wechat.to('oSLOW').length, { timeout: 5000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(wechat.to('oSLOW')).toHaveLength(1);
    expect(wechat.to('oSLOW')[0]).toContain('营业执照');
  });

  it('runs menu clicks as commands and marks an unfollow inactive', async () => {
    const { bot, wechat } = await launch();
    const whoami = await wechat.text('oUSER2', '/whoami');
    expect(whoami.reply?.Content).toContain('wechat-mp:oUSER2');
    const help = await wechat.event('oUSER2', 'CLICK', 'HELP');
    expect(help.reply?.Content).toContain('/ask');
    const subscribed = await wechat.event('oUSER2', 'CLICK', 'SUBSCRIBE');
    expect(subscribed.reply?.Content).toContain('已订阅');
    await wechat.event('oUSER2', 'unsubscribe');
    const health = (await (await fetch(`http://127.0.0.1:${bot.httpPort}/healthz`)).json()) as {
      adapters: Record<string, { up: boolean }>;
    };
    expect(health.adapters['wechat-mp']?.up).toBe(true);
    // The follower subscribed, then unfollowed: no announcement goes there.
    const preview = await wechat.text(ADMIN, '/announce 明天上午九点电商培训');
    expect(preview.reply?.Content).toContain('不会发给任何人');
  });

  it('announces to followers inside the window, reports one outside it as skipped, and survives a token expiry', async () => {
    const { wechat } = await launch();
    for (const user of ['oIN', 'oOUT']) await wechat.text(user, '/subscribe');
    wechat.outsideWindow.add('oOUT');
    const preview = await wechat.text(ADMIN, '/announce 12月10日直播带货培训，县电商中心三楼');
    expect(preview.reply?.Content).toContain('2 个');
    wechat.expireTokens();
    wechat.busy = 1;
    const before = wechat.tokensIssued;
    await wechat.text(ADMIN, '1');
    await expect.poll(() => wechat.to(ADMIN).join('\n'), { timeout: 10_000 }).toContain('发送报告');
    expect(wechat.to('oIN').filter((t) => t.includes('直播带货培训'))).toHaveLength(1);
    expect(wechat.to('oOUT')).toEqual([]);
    expect(wechat.to(ADMIN).join('\n')).toContain('跳过 1');
    expect(wechat.tokensIssued).toBe(before + 1);
  });

  it("splits a long push into texts within WeChat's 2,048 bytes, in order", async () => {
    const { wechat, adapter } = await launch();
    await wechat.text('oLONG', '/whoami');
    const paragraphs = Array.from({ length: 12 }, (_, i) => `第${i + 1}段：${'农产品上行要做好分级包装和冷链。'.repeat(8)}`);
    expect(await adapter.send('oLONG', { title: '长通知', text: paragraphs.join('\n\n') })).toMatchObject({ status: 'sent' });
    const texts = wechat.to('oLONG');
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
    const order = [...texts.join('\n').matchAll(/第(\d+)段/g)].map((m) => Number(m[1]));
    expect(order).toEqual(paragraphs.map((_, i) => i + 1));
  });
});
