import { Telegraf } from 'telegraf';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import { tempDir } from '../helpers/cli.js';
import { silentLog } from '../helpers/runtime.js';
import { fakeAnswerer } from './fake-answerer.js';
import { freePort, KNOWLEDGE_DIR, visibleText } from './helpers.js';

// One full hand-off round through real telegraf HTTP calls against telegram-test-api: a group member's "don't know",
// the 转人工 button, the push to the admin's private chat, the admin's reply to the push, the answer in the group
// mentioning the member.
const TOKEN = '123456:telegram-handoff-token-00000000';
const ADMIN_ID = 7001;
const MERCHANT_ID = 7002;
/** The emulator's bot (@TestNameBot). */
const BOT_ID = 666;

interface BotMessage {
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

let server: TelegramServer;
let bot: Bot;

beforeAll(async () => {
  server = new TelegramServer({ port: await freePort(), host: '127.0.0.1' });
  await server.start();
  const telegraf = new Telegraf(TOKEN, { telegram: { apiRoot: server.config.apiURL } });
  bot = createBot({
    dataDir: await tempDir('tg-handoff-'),
    knowledgeDir: KNOWLEDGE_DIR,
    watchKnowledge: false,
    logger: silentLog,
    buildAnswerer: fakeAnswerer,
    telegraf,
    admins: `telegram:${ADMIN_ID}`,
  });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await server?.stop();
});

function client(userId: number, chatId: number, group: boolean): TelegramClient {
  return server.getClient(TOKEN, {
    userId,
    chatId,
    type: group ? 'supergroup' : 'private',
    chatTitle: '县电商交流群',
    firstName: `用户${userId}`,
    timeout: 15_000,
    interval: 30,
  });
}

async function next(c: TelegramClient): Promise<BotMessage> {
  for (;;) {
    const res = (await c.getUpdates()) as unknown as { result: { message: BotMessage }[] };
    if (res.result.length) return res.result[0]!.message;
  }
}

describe('hand-off end to end (telegram-test-api)', () => {
  it("passes a group member's question to the admin and brings the staff answer back to the group, mentioning them", async () => {
    const group = client(MERCHANT_ID, -1_000_007_002, true);
    const admin = client(ADMIN_ID, ADMIN_ID, false);

    await group.sendMessage(group.makeMessage('/ask 腊肉能寄到国外吗'));
    const dontKnow = await next(group);
    expect(dontKnow.text).toContain('这个问题我还答不上来。');
    const offer = dontKnow.reply_markup!.inline_keyboard.flat().find((b) => b.text.startsWith('转人工'))!;
    await group.sendCallback(group.makeCallbackQuery(offer.callback_data, { message: { message_id: 2 } }));
    expect((await next(group)).text).toContain('已把您的问题转给县电商服务中心的工作人员（编号 #1）');

    const push = await next(admin);
    expect(push.text).toContain('人工求助 #1');
    expect(push.text).toContain('腊肉能寄到国外吗');
    // Telegram's reply to the push: the client sends the quoted message's plain text along.
    const quoted = {
      message_id: 3,
      from: { id: BOT_ID, is_bot: true, first_name: 'Test' },
      chat: { id: ADMIN_ID, type: 'private' },
      date: 1,
      text: visibleText(push.text),
    };
    await admin.sendMessage(admin.makeMessage('多数国家禁止肉制品入境，请先查目的国海关规定。', { reply_to_message: quoted }));

    const answer = await next(group);
    expect(answer.text).toContain(`<a href="tg://user?id=${MERCHANT_ID}">用户7002</a> <b>中心工作人员答复</b>`);
    expect(answer.text).toContain('多数国家禁止肉制品入境');
    expect((await next(admin)).text).toContain('#1 的答复已送达 用户7002');
  });
});
