import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Telegraf } from 'telegraf';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import { tempDir } from '../helpers/cli.js';
import { silentLog } from '../helpers/runtime.js';
import { FIXTURE_FILE, learningKnowledge, SPRING, TIE_QUESTION } from '../knowledge/learning-fixture.js';
import { freePort } from './helpers.js';

// Learning end to end on Telegram: members tap a "您是想问" button and press 没用 under the answer, an admin accepts
// the proposed phrasing with /suggestions, and the next member gets the answer at once. Real telegraf against
// telegram-test-api, the real answerer, a temporary copy of the knowledge.
const TOKEN = '123456:telegram-learning-token-00000000';
const ADMIN_ID = 7001;
const SPRING_QUESTION = '春季农民大集的摊位费怎么交？交多少？';

interface Button {
  text: string;
  callback_data: string;
}
interface BotMessage {
  text: string;
  reply_markup?: { inline_keyboard: Button[][] };
}

let server: TelegramServer;
let bot: Bot;
let knowledgeDir: string;
let dataDir: string;

beforeAll(async () => {
  server = new TelegramServer({ port: await freePort(), host: '127.0.0.1' });
  await server.start();
  knowledgeDir = await learningKnowledge();
  dataDir = await tempDir('tg-learn-');
  const telegraf = new Telegraf(TOKEN, { telegram: { apiRoot: server.config.apiURL } });
  bot = createBot({ dataDir, knowledgeDir, admins: `telegram:${ADMIN_ID}`, watchKnowledge: false, logger: silentLog, telegraf });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await server?.stop();
});

function client(userId: number): TelegramClient {
  return server.getClient(TOKEN, { userId, chatId: userId, type: 'private', firstName: `用户${userId}`, timeout: 15_000, interval: 30 });
}

async function next(c: TelegramClient): Promise<BotMessage> {
  for (;;) {
    const res = (await c.getUpdates()) as unknown as { result: { message: BotMessage }[] };
    if (res.result.length) return res.result[0]!.message;
  }
}

async function ask(c: TelegramClient, text: string): Promise<BotMessage> {
  await c.sendMessage(c.makeMessage(text));
  return next(c);
}

async function press(c: TelegramClient, button: Button): Promise<BotMessage> {
  await c.sendCallback(c.makeCallbackQuery(button.callback_data, { message: { message_id: 1 } }));
  return next(c);
}

const buttons = (m: BotMessage) => (m.reply_markup?.inline_keyboard ?? []).flat();

describe('learning on Telegram (telegram-test-api)', () => {
  it('taps and 没用 are learnt from; /suggestions accept makes the tapped phrasing answer at once', async () => {
    for (const userId of [7101, 7102]) {
      const member = client(userId);
      const clarify = await ask(member, TIE_QUESTION);
      expect(clarify.text).toContain('您是想问');
      const answer = await press(
        member,
        buttons(clarify).find((b) => b.text === SPRING_QUESTION)!,
      );
      expect(answer.text).toContain('200元');
      // 有用 and 没用 side by side, in the last row of the keyboard.
      expect(answer.reply_markup!.inline_keyboard.at(-1)!.map((b) => b.text)).toEqual(['有用', '没用']);
      if (userId === 7101)
        expect(
          (
            await press(
              member,
              buttons(answer).find((b) => b.text === '没用')!,
            )
          ).text,
        ).toContain('谢谢反馈');
    }

    const admin = client(ADMIN_ID);
    const list = await ask(admin, '/suggestions');
    expect(list.text).toContain(`1. “${TIE_QUESTION}” → ${SPRING}`);
    expect(list.text).toContain('2人选过');
    expect(list.text).toContain(`2. ${SPRING} ${SPRING_QUESTION} ← “${TIE_QUESTION}”`);
    const member = client(7103);
    expect((await ask(member, '/suggestions')).text).toContain('只有机器人管理员可以使用');

    const file = path.join(knowledgeDir, 'faq', FIXTURE_FILE);
    const before = await readFile(file, 'utf8');
    expect((await ask(admin, '/suggestions accept 1')).text).toContain('已采纳');
    const after = await readFile(file, 'utf8');
    expect(
      after
        .split('\n')
        .filter((l) => l !== `    - ${TIE_QUESTION}`)
        .join('\n'),
    ).toBe(before);

    const answer = await ask(member, TIE_QUESTION);
    expect(answer.text).toContain('200元');
    expect(answer.text).not.toContain('您是想问');
    const journal = await readFile(path.join(dataDir, 'answer-feedback.jsonl'), 'utf8');
    expect(journal).toContain('"verdict":"accepted"');
  });
});
