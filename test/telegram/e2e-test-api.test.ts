import { Telegraf } from 'telegraf';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import { TELEGRAM_MAX_LENGTH } from '../../src/adapters/telegram/render-html.js';
import { tempDir } from '../helpers/cli.js';
import { recordingLog } from '../helpers/runtime.js';
import { fakeAnswerer } from './fake-answerer.js';
import { freePort, KNOWLEDGE_DIR, recordCalls, visibleText, waitFor, type ApiCall } from './helpers.js';

// End to end through real telegraf HTTP calls against telegram-test-api on 127.0.0.1. The emulator's bot is
// @TestNameBot (id 666); it does not know setMyCommands or getChatMember and answers them with HTTP 500.
const TOKEN = '123456:telegram-e2e-token-0000000000';

interface BotMessage {
  chat_id: string | number;
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  reply_parameters?: { message_id: number };
}

let server: TelegramServer;
let bot: Bot;
let calls: ApiCall[];
const logged = recordingLog();

beforeAll(async () => {
  server = new TelegramServer({ port: await freePort(), host: '127.0.0.1' });
  await server.start();
  const telegraf = new Telegraf(TOKEN, { telegram: { apiRoot: server.config.apiURL } });
  calls = recordCalls(telegraf);
  bot = createBot({
    dataDir: await tempDir('tg-e2e-'),
    knowledgeDir: KNOWLEDGE_DIR,
    watchKnowledge: false,
    logger: logged.log,
    buildAnswerer: fakeAnswerer,
    telegraf,
  });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await server?.stop();
});

let nextChat = 100;
/** A user in a private chat, or (with `group`) a member of a supergroup; each test gets fresh chats. */
function client(options: { group?: boolean; language?: string } = {}): TelegramClient {
  const id = ++nextChat;
  return server.getClient(TOKEN, {
    userId: id,
    chatId: options.group ? -1_000_000 - id : id,
    type: options.group ? 'supergroup' : 'private',
    chatTitle: `群${id}`,
    firstName: `用户${id}`,
    timeout: 15_000,
    interval: 30,
  });
}

function say(c: TelegramClient, text: string, extra: Record<string, unknown> = {}) {
  return c.sendMessage(c.makeMessage(text, extra));
}

/** The next `count` messages the bot sent to this client's chat, in order. */
async function botMessages(c: TelegramClient, count = 1): Promise<BotMessage[]> {
  const got: BotMessage[] = [];
  while (got.length < count) {
    const res = (await c.getUpdates()) as unknown as { result: { message: BotMessage }[] };
    got.push(...res.result.map((r) => r.message));
  }
  return got;
}

describe('Telegram end to end (telegram-test-api)', () => {
  it('answers a private question in HTML with the entry text, source and a follow-up button', async () => {
    const c = client();
    await say(c, '卖自家种的橘子要办营业执照吗');
    const [answer] = await botMessages(c);
    expect(answer!.parse_mode).toBe('HTML');
    expect(answer!.text).toContain('营业执照');
    expect(answer!.text).toContain('《电子商务法》第十条');
    expect(answer!.reply_markup?.inline_keyboard[0]?.[0]?.text).toContain('食品生产许可证');
  });

  it("says what it does on /start in the user's language", async () => {
    const en = client();
    await say(en, '/start', {
      from: { id: 999_001, is_bot: false, first_name: 'Ann', language_code: 'en' },
      chat: { id: 999_001, type: 'private', first_name: 'Ann' },
    });
    const zh = client();
    await say(zh, '/start', { from: { id: zh['userId'], is_bot: false, first_name: '小李', language_code: 'zh-hans' } });
    const [zhReply] = await botMessages(zh);
    expect(zhReply!.text).toContain('县域电商助手');
    const enClient = server.getClient(TOKEN, { chatId: 999_001, timeout: 15_000, interval: 30 });
    const [enReply] = await botMessages(enClient);
    expect(enReply!.text).toContain('county e-commerce assistant');
    expect(enReply!.text).toContain('/ask');
  });

  it('stays silent on group chatter and answers /ask, replying to the asker', async () => {
    const g = client({ group: true });
    await say(g, '今天橘子卖得不错，大家好');
    await say(g, '/ask 卖橘子要营业执照吗');
    // Updates of one chat are handled in order: had the chatter been answered, that answer would come first.
    const [answer] = await botMessages(g);
    expect(answer!.text).toContain('营业执照');
    const asked = server
      .getUpdatesHistory(TOKEN)
      .find((u) => 'message' in u && (u.message as { text?: string }).text === '/ask 卖橘子要营业执照吗');
    expect(answer!.reply_parameters?.message_id).toBe(asked?.messageId);
  });

  it('answers an @mention, a reply to the bot and /help@TestNameBot in a group, not /help@OtherBot', async () => {
    const g = client({ group: true });
    await say(g, '/help@OtherBot');
    await say(g, '@TestNameBot 卖橘子要营业执照吗');
    const [mention] = await botMessages(g);
    expect(mention!.text).toContain('营业执照');
    await say(g, '那SC呢', {
      reply_to_message: { message_id: 1, from: { id: 666, is_bot: true, first_name: 'Test' }, chat: { id: 1, type: 'private' }, date: 1 },
    });
    const [reply] = await botMessages(g);
    expect(reply!.text).toContain('食品生产许可');
    await say(g, '/help@TestNameBot');
    const [help] = await botMessages(g);
    expect(help!.text).toContain('/ask');
  });

  it('shows a clarify as buttons; pressing one yields the chosen answer', async () => {
    const c = client();
    await say(c, '办许可');
    const [clarify] = await botMessages(c);
    const buttons = clarify!.reply_markup!.inline_keyboard.map((row) => row[0]!);
    expect(buttons.map((b) => b.text)).toEqual(['卖加工食品要办食品生产许可证（SC）吗', '网上卖别人生产的食品要办食品经营许可吗']);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const before = calls.filter((call) => call.method === 'answerCallbackQuery').length;
    await c.sendCallback(c.makeCallbackQuery(buttons[1]!.callback_data, { message: { message_id: 5 } }));
    const [chosen] = await botMessages(c);
    expect(chosen!.text).toContain('只销售预包装食品的，办理备案即可');
    expect(calls.filter((call) => call.method === 'answerCallbackQuery').length).toBe(before + 1);
  });

  it('answers a forged or stale button politely and keeps working', async () => {
    const c = client();
    await c.sendCallback(c.makeCallbackQuery('t:forged-token', { message: { message_id: 9 } }));
    await waitFor(
      () => calls.some((call) => call.method === 'answerCallbackQuery' && String(call.payload.text ?? '').includes('过期')),
      'the polite answer',
    );
    await say(c, '卖橘子要营业执照吗');
    const [answer] = await botMessages(c);
    expect(answer!.text).toContain('营业执照');
  });

  it.each([
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['A & B', 'A &amp; B'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<i>unbalanced <a href="x">', '&lt;i&gt;unbalanced &lt;a href=&quot;x&quot;&gt;'],
  ])('echoes hostile text %s safely', async (hostile, escaped) => {
    const c = client();
    await say(c, `ECHO ${hostile}`);
    const [echo] = await botMessages(c);
    expect(echo!.text).toBe(`您问的是：${escaped}`);
    expect(visibleText(echo!.text)).toBe(`您问的是：${hostile}`);
  });

  it("survives a 5,000-character message: capped, escaped, within Telegram's limit", async () => {
    const c = client();
    await say(c, 'ECHO ' + '<&>'.repeat(1667));
    const [echo] = await botMessages(c);
    const shown = visibleText(echo!.text);
    expect(shown.startsWith('您问的是：<&><&>')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
    // Capped at the core's 2,000 characters ("ECHO " included), and sent as one message although its HTML is
    // longer than 4,096: the limit counts what Telegram shows, not the markup.
    expect(shown).toBe(`您问的是：${'<&>'.repeat(665)}`);
    expect(echo!.text.length).toBeGreaterThan(TELEGRAM_MAX_LENGTH);
  });

  it('splits a long answer into messages of at most 4096 characters, in order', async () => {
    const c = client();
    await say(c, '给我一个长答案');
    const parts = await botMessages(c, 2);
    const shown = parts.map((p) => visibleText(p.text));
    for (const s of shown) expect(s.length).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
    expect(shown[0]).toMatch(/^第一段/);
    expect(shown.at(-1)).toMatch(/^第三段/);
  });

  it('keeps working although the emulator refuses setMyCommands and getChatMember', async () => {
    const refused = calls.filter((call) => call.method === 'setMyCommands');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((call) => call.error?.includes('500'))).toBe(true);
    expect(logged.lines.some((l) => String(l.msg).includes('setMyCommands refused'))).toBe(true);
    expect(refused[0]!.payload.commands).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: 'ask' }), expect.objectContaining({ command: 'start' })]),
    );
    // /welcome asks getChatMember whether the sender is a group admin; the emulator cannot say, so: a polite no.
    const g = client({ group: true });
    await say(g, '/welcome on 欢迎新朋友');
    const [refusal] = await botMessages(g);
    expect(calls.some((call) => call.method === 'getChatMember' && call.error)).toBe(true);
    expect(refusal!.text).toMatch(/群主|管理员/);
  });

  it('apologises when answering throws, logging the update id', async () => {
    const c = client();
    await say(c, 'CRASH 这个问题');
    const [apology] = await botMessages(c);
    expect(apology!.text).toContain('抱歉');
    expect(logged.lines.some((l) => l.msg === 'handler failed' && typeof l.update === 'string' && /^\d+$/.test(l.update))).toBe(true);
  });
});
