import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Telegraf } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramAdapter, type TelegramSettings } from '../../src/adapters/telegram/index.js';
import { SECRET_HEADER } from '../../src/adapters/telegram/webhook.js';
import { createBot, type Bot } from '../../src/bot.js';
import { tempDir } from '../helpers/cli.js';
import { recordingLog } from '../helpers/runtime.js';
import { ACCEPT_THEN_RESET, BotApiStub } from './bot-api-stub.js';
import { fakeAnswerer } from './fake-answerer.js';
import { KNOWLEDGE_DIR, waitFor } from './helpers.js';
import { VirtualClock } from './virtual-clock.js';

// Error paths end to end: real telegraf HTTP calls against a local Bot API stub that answers 429, 403,
// 5xx and migrate_to_chat_id on demand. The send queue runs on a virtual clock, so a 60-minute 429 costs
// no real time while the waits it asked for remain visible in the stub's call times.
const TOKEN = '123456:telegram-stub-token-00000000000';
const ADMIN = 900;

const running: { bot: Bot; stub: BotApiStub }[] = [];
afterEach(async () => {
  for (const { bot, stub } of running.splice(0)) {
    await bot.stop();
    await stub.stop();
  }
});

async function setup(settings: TelegramSettings = {}, prepare?: (telegraf: Telegraf) => void) {
  const clock = new VirtualClock(true);
  const stub = new BotApiStub(() => clock.now());
  const telegraf = new Telegraf(TOKEN, { telegram: { apiRoot: await stub.start() } });
  prepare?.(telegraf);
  const adapter = new TelegramAdapter(telegraf, { clock, maxRetryAfterSeconds: 60, ...settings });
  const dataDir = await tempDir('tg-fail-');
  const logged = recordingLog();
  // Admin notices also go to the terminal operator, which is how the test reads them.
  let notices = '';
  const output = new PassThrough().on('data', (d: Buffer) => (notices += d.toString()));
  const bot = createBot({
    dataDir,
    knowledgeDir: KNOWLEDGE_DIR,
    watchKnowledge: false,
    logger: logged.log,
    buildAnswerer: fakeAnswerer,
    adapters: [adapter],
    admins: `telegram:${ADMIN}`,
    console: { input: new PassThrough(), output },
    httpPort: settings.webhookUrl ? 0 : undefined,
  });
  await bot.start();
  running.push({ bot, stub });
  await waitFor(() => adapter.health().up, 'telegram to connect');
  const chats = async () => {
    const file = JSON.parse(await readFile(path.join(dataDir, 'chats.json'), 'utf8')) as {
      data: { chats: Record<string, { active: boolean; title?: string; inactiveReason?: string }> };
    };
    return file.data.chats;
  };
  return { bot, stub, adapter, logged, chats, notices: () => notices };
}

let messageId = 1;
const user = (id: number) => ({ id, is_bot: false, first_name: `用户${id}`, language_code: 'zh-hans' });
const privateText = (userId: number, text: string) => ({
  message: {
    message_id: messageId++,
    date: 1_764_000_000,
    chat: { id: userId, type: 'private', first_name: `用户${userId}` },
    from: user(userId),
    text,
  },
});
const groupText = (chatId: number, userId: number, text: string, extra: Record<string, unknown> = {}, type = 'supergroup') => ({
  message: {
    message_id: messageId++,
    date: 1_764_000_000,
    chat: { id: chatId, type, title: `群${chatId}` },
    from: user(userId),
    text,
    ...extra,
  },
});
const membership = (chat: Record<string, unknown>, status: string) => ({
  my_chat_member: {
    chat,
    from: user(1),
    date: 1_764_000_000,
    old_chat_member: { status: 'member' },
    new_chat_member: { status, user: { id: 777 } },
  },
});

function deliveredTo(stub: BotApiStub, chatId: number | string, fragment: string) {
  return stub.delivered.filter((d) => String(d.chat_id) === String(chatId) && d.text.includes(fragment));
}

describe('Telegram send failures (Bot API stub)', () => {
  it('429: waits retry_after, then delivers every message exactly once', async () => {
    const { stub, adapter } = await setup();
    stub.onSend = (body, attempt) =>
      body.text === 'first push' && attempt === 1
        ? { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }
        : undefined;
    const outcomes = await Promise.all(
      ['first push', 'second push', 'third push'].map((text, i) => adapter.send(String(41 + i), { text })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent', 'sent']);
    const attempts = stub.callsTo('sendMessage').filter((c) => c.body.text === 'first push');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(7000);
    for (const text of ['first push', 'second push', 'third push']) expect(stub.delivered.filter((d) => d.text === text)).toHaveLength(1);
  });

  it('429 above the ceiling: gives the message up as retryable and tells the admins, instead of hanging', async () => {
    const { stub, adapter, notices } = await setup();
    stub.onSend = (body) =>
      body.text === 'big announcement'
        ? { error_code: 429, description: 'Too Many Requests: retry after 3600', parameters: { retry_after: 3600 } }
        : undefined;
    const outcome = await adapter.send('-100100', { text: 'big announcement' });
    expect(outcome).toMatchObject({ status: 'failed', retryable: true, reason: expect.stringContaining('3600') });
    await waitFor(() => notices().includes('Telegram 限流'), 'the admin notice');
    expect(notices()).toContain('TELEGRAM_MAX_RETRY_AFTER');
    expect(stub.callsTo('sendMessage').filter((c) => c.body.text === 'big announcement')).toHaveLength(1);
  });

  it('403: marks a blocking user inactive, skips later pushes, and takes them back when they return', async () => {
    const { stub, adapter, chats } = await setup();
    stub.push(privateText(55, '卖橘子要营业执照吗'));
    await waitFor(() => deliveredTo(stub, 55, '营业执照').length === 1, 'the answer');
    stub.onSend = (body) =>
      String(body.chat_id) === '55' ? { error_code: 403, description: 'Forbidden: bot was blocked by the user' } : undefined;
    expect(await adapter.send('55', { text: 'reminder' })).toEqual({ status: 'gone', reason: 'Forbidden: bot was blocked by the user' });
    expect((await chats())['telegram:55']).toMatchObject({ active: false, inactiveReason: 'Forbidden: bot was blocked by the user' });
    const tries = stub.callsTo('sendMessage').length;
    expect(await adapter.send('55', { text: 'reminder 2' })).toMatchObject({ status: 'gone' });
    expect(stub.callsTo('sendMessage')).toHaveLength(tries);
    stub.onSend = () => undefined;
    stub.push(membership({ id: 55, type: 'private', first_name: '用户55' }, 'member'));
    await expect.poll(async () => (await chats())['telegram:55']?.active).toBe(true);
    expect(await adapter.send('55', { text: 'welcome back' })).toMatchObject({ status: 'sent' });
  });

  it('my_chat_member: a group that removed the bot is inactive until the bot is added again', async () => {
    const { stub, chats } = await setup();
    const group = { id: -100200, type: 'supergroup', title: '县电商交流群' };
    stub.push(membership(group, 'kicked'));
    await expect
      .poll(async () => (await chats())['telegram:-100200'])
      .toMatchObject({ active: false, inactiveReason: 'removed from the group', title: '县电商交流群' });
    stub.push(membership(group, 'member'));
    await expect.poll(async () => (await chats())['telegram:-100200']?.active).toBe(true);
  });

  it('migrate_to_chat_id: rewrites the stored group id and re-sends the answer there, once', async () => {
    const { stub, adapter, chats } = await setup();
    stub.push(groupText(-4567, 31, '大家好', {}, 'group'));
    await expect.poll(async () => Object.keys(await chats())).toContain('telegram:-4567');
    stub.onSend = (body) =>
      String(body.chat_id) === '-4567'
        ? {
            error_code: 400,
            description: 'Bad Request: group chat was upgraded to a supergroup chat',
            parameters: { migrate_to_chat_id: -1009876 },
          }
        : undefined;
    stub.push(groupText(-4567, 31, '/ask 卖橘子要营业执照吗', {}, 'group'));
    await waitFor(() => deliveredTo(stub, -1009876, '营业执照').length > 0, 'the re-sent answer');
    expect(stub.delivered.filter((d) => d.text.includes('营业执照'))).toHaveLength(1);
    // The answer was a reply to the asker, but message ids do not carry over to the supergroup.
    expect(stub.callsTo('sendMessage').find((c) => String(c.body.chat_id) === '-4567')?.body.reply_parameters).toBeDefined();
    expect(deliveredTo(stub, -1009876, '营业执照')[0]!.reply_parameters).toBeUndefined();
    const stored = await chats();
    expect(stored['telegram:-4567']).toBeUndefined();
    expect(stored['telegram:-1009876']).toMatchObject({ active: true, title: '群-4567' });
    // Pushes addressed to the old id follow the group.
    expect(await adapter.send('-4567', { text: 'later news' })).toMatchObject({ status: 'sent' });
    expect(deliveredTo(stub, -1009876, 'later news')).toHaveLength(1);
  });

  it('a 502 or a reset after Telegram accepted: unknown, never sent twice', async () => {
    const { stub, adapter } = await setup();
    stub.onSend = (body) =>
      body.text === 'bad gateway' ? { error_code: 502, description: 'Bad Gateway' } : body.text === 'reset' ? ACCEPT_THEN_RESET : undefined;
    expect(await adapter.send('61', { text: 'bad gateway' })).toEqual({ status: 'unknown', reason: '502: Bad Gateway' });
    expect(await adapter.send('62', { text: 'reset' })).toMatchObject({ status: 'unknown' });
    expect(stub.callsTo('sendMessage').map((c) => c.body.text)).toEqual(['bad gateway', 'reset']);
    expect(deliveredTo(stub, 62, 'reset')).toHaveLength(1);
  });

  it('a long push whose part 2 gets 502: part 1 counted as sent, part 2 unknown, and a resume sends only what is left', async () => {
    const { stub, adapter } = await setup();
    const long = { title: '通知', text: ['甲', '乙', '丙'].map((n) => `${n}段：` + '内容。'.repeat(1000)).join('\n\n') };
    stub.onSend = (body, attempt) =>
      String(body.text).startsWith('乙段') && attempt === 1 ? { error_code: 502, description: 'Bad Gateway' } : undefined;
    expect(await adapter.send('71', long)).toEqual({ status: 'unknown', reason: '502: Bad Gateway', partsSent: 1, parts: 3 });
    const shown = () => stub.delivered.map((d) => d.text.replace(/<[^>]+>/g, '').slice(0, 2));
    expect(shown()).toEqual(['通知']);
    expect(stub.callsTo('sendMessage')).toHaveLength(2);
    expect(await adapter.send('71', long, { fromPart: 1 })).toMatchObject({ status: 'sent', partsSent: 3, parts: 3 });
    expect(shown()).toEqual(['通知', '乙段', '丙段']);
  });

  it('a reply that loses a middle part says so instead of leaving a hole', async () => {
    const { stub } = await setup();
    // The answer goes in two parts (第一段 and 第二段, then 第三段); the second is refused.
    stub.onSend = (body) =>
      String(body.text).startsWith('第三段') ? { error_code: 400, description: 'Bad Request: message is too long' } : undefined;
    stub.push(privateText(73, '长答案'));
    await waitFor(() => deliveredTo(stub, 73, '没有发完').length === 1, 'the notice');
    expect(stub.delivered.filter((d) => String(d.chat_id) === '73').map((d) => d.text.slice(0, 3))).toEqual(['第一段', '（上面']);
  });

  it('a 429 for one group holds that group only: a private reply goes at once', async () => {
    const { stub, adapter } = await setup({ maxRetryAfterSeconds: 300 });
    stub.onSend = (body) =>
      String(body.chat_id) === '-100300'
        ? { error_code: 429, description: 'Too Many Requests: retry after 3600', parameters: { retry_after: 3600 } }
        : undefined;
    expect(await adapter.send('-100300', { text: 'group push' })).toMatchObject({ status: 'failed', retryable: true });
    stub.push(privateText(74, '卖橘子要营业执照吗'));
    await waitFor(() => deliveredTo(stub, 74, '营业执照').length === 1, 'the private answer');
    expect(await adapter.send('-100300', { text: 'group push again' })).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('parked'),
    });
  });

  it('answers a button tap at once, before the chat’s earlier message is handled', async () => {
    const { stub } = await setup({}, (telegraf) =>
      telegraf.use(async (ctx, next) => {
        if (ctx.text === '慢慢想') await new Promise((resolve) => setTimeout(resolve, 500));
        return next();
      }),
    );
    stub.push(privateText(76, '慢慢想'));
    stub.push({
      callback_query: { id: 'tap-1', from: user(76), data: 'stale', message: { message_id: 1, chat: { id: 76, type: 'private' } } },
    });
    await waitFor(() => stub.callsTo('sendMessage').some((c) => String(c.body.chat_id) === '76'), 'the slow answer');
    const order = stub.calls
      .filter((c) => c.method === 'answerCallbackQuery' || (c.method === 'sendMessage' && String(c.body.chat_id) === '76'))
      .map((c) => c.method);
    expect(order[0]).toBe('answerCallbackQuery');
  });

  it('a forum supergroup: every part, the buttons, a tap’s answer and subscribed pushes stay in their topic', async () => {
    const { stub } = await setup();
    const forum = -100400;
    const inTopic = (thread: number) => ({ message_thread_id: thread, is_topic_message: true });
    const threadsTo = (fragment: string) =>
      stub.calls
        .filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(forum) && String(c.body.text).includes(fragment))
        .map((c) => c.body.message_thread_id);
    stub.push(groupText(forum, 31, '/ask 长答案', inTopic(7)));
    await waitFor(() => deliveredTo(stub, forum, '第三段').length === 1, 'both parts');
    expect([...threadsTo('第一段'), ...threadsTo('第三段')]).toEqual([7, 7]);
    // Buttons, and the answer to a tap on one, in the topic too.
    stub.push(groupText(forum, 31, '/ask 许可', inTopic(8)));
    await waitFor(
      () => stub.callsTo('sendMessage').some((c) => c.body.reply_markup !== undefined && c.body.message_thread_id === 8),
      'the buttons in topic 8',
    );
    const buttons = stub.callsTo('sendMessage').find((c) => c.body.message_thread_id === 8)!.body.reply_markup as {
      inline_keyboard: { callback_data: string }[][];
    };
    const before = stub.callsTo('sendMessage').length;
    stub.push({
      callback_query: {
        id: 'tap-forum',
        from: user(31),
        data: buttons.inline_keyboard[0]![0]!.callback_data,
        message: { message_id: 1, chat: { id: forum, type: 'supergroup', title: '论坛群' }, ...inTopic(8) },
      },
    });
    await waitFor(() => stub.callsTo('sendMessage').length > before, 'the tapped answer');
    expect(
      stub
        .callsTo('sendMessage')
        .slice(before)
        .map((c) => c.body.message_thread_id),
    ).toEqual([8]);
    // A group admin subscribes from topic 9: announcements go there.
    stub.members.set(`${forum}:32`, 'administrator');
    stub.push(groupText(forum, 32, '/subscribe', inTopic(9)));
    await waitFor(() => deliveredTo(stub, forum, '已订阅').length === 1, 'the subscription');
    stub.push(privateText(ADMIN, '/announce 周五下午直播培训'));
    await waitFor(() => deliveredTo(stub, ADMIN, '确认').length > 0, 'the preview');
    const code = /确认 (\d{4})/.exec(deliveredTo(stub, ADMIN, '确认')[0]!.text)?.[1];
    stub.push(privateText(ADMIN, `确认 ${code}`));
    await waitFor(() => deliveredTo(stub, forum, '周五下午直播培训').length === 1, 'the announcement', 15_000);
    expect(threadsTo('周五下午直播培训')).toEqual([9]);
  });

  it('400 "chat not found" marks the chat gone', async () => {
    const { stub, adapter, chats } = await setup();
    stub.push(privateText(75, '你好'));
    await expect.poll(async () => Object.keys(await chats())).toContain('telegram:75');
    stub.onSend = () => ({ error_code: 400, description: 'Bad Request: chat not found' });
    expect(await adapter.send('75', { text: 'reminder' })).toEqual({ status: 'gone', reason: 'Bad Request: chat not found' });
    expect((await chats())['telegram:75']).toMatchObject({ active: false });
  });

  it('a throwing handler: the user gets an apology, the log the update id, and the bot carries on', async () => {
    const { stub, logged } = await setup({}, (telegraf) =>
      telegraf.use((ctx, next) => {
        if (ctx.text === 'boom') throw new Error('middleware exploded');
        return next();
      }),
    );
    const updateId = stub.push(privateText(71, 'boom'));
    await waitFor(() => deliveredTo(stub, 71, '抱歉').length === 1, 'the apology');
    expect(logged.lines.some((l) => l.msg === 'telegram: update handling failed' && l.update === updateId)).toBe(true);
    stub.push(privateText(71, '卖橘子要营业执照吗'));
    await waitFor(() => deliveredTo(stub, 71, '营业执照').length === 1, 'the next answer');
  });
});

describe('Telegram group admin checks (Bot API stub)', () => {
  it('asks getChatMember (cached), lets anonymous admins and bot admins through, refuses others politely', async () => {
    const { stub } = await setup();
    const group = -100300;
    stub.members.set(`${group}:10`, 'administrator');
    stub.members.set(`${group}:11`, 'member');
    stub.push(groupText(group, 11, '/welcome on 欢迎！'));
    await waitFor(() => deliveredTo(stub, group, '群主').length === 1, 'the refusal');
    stub.push(groupText(group, 10, '/welcome on 欢迎新朋友！'));
    stub.push(groupText(group, 10, '/welcome on 欢迎各位！'));
    await waitFor(() => deliveredTo(stub, group, '欢迎各位').length === 1, 'the second change');
    expect(stub.callsTo('getChatMember').filter((c) => c.body.user_id === 10)).toHaveLength(1);
    // An anonymous admin writes as the group; no lookup is needed (or possible).
    const anonymous = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    stub.push(groupText(group, 0, '/welcome on 大家好', { from: anonymous, sender_chat: { id: group, type: 'supergroup', title: '群' } }));
    await waitFor(() => deliveredTo(stub, group, '大家好').length === 1, 'the anonymous admin change');
    expect(stub.callsTo('getChatMember').some((c) => c.body.user_id === anonymous.id)).toBe(false);
    // A bot admin passes even where Telegram cannot tell (no member record in the stub).
    stub.push(groupText(-100301, ADMIN, '/welcome on 你好呀'));
    await waitFor(() => deliveredTo(stub, -100301, '你好呀').length === 1, 'the bot admin change');
    // The welcome now greets people who join.
    stub.push(groupText(group, 12, '', { text: undefined, new_chat_members: [user(12)] }));
    await waitFor(() => deliveredTo(stub, group, '用户12').length === 1, 'the greeting');
  });
});

describe('Telegram webhook mode (Bot API stub)', () => {
  it('registers the webhook with a secret, serves it on the bot HTTP server, answers each update once', async () => {
    const { bot, stub } = await setup({ webhookUrl: 'https://bot.example.org/tg/hook', webhookSecret: 'hook_secret-1' });
    expect(stub.callsTo('setWebhook')[0]?.body).toMatchObject({ url: 'https://bot.example.org/tg/hook', secret_token: 'hook_secret-1' });
    const post = (update: unknown, secret = 'hook_secret-1') =>
      fetch(`http://127.0.0.1:${bot.httpPort}/tg/hook`, {
        method: 'POST',
        body: JSON.stringify(update),
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      });
    const question = { update_id: 500, ...privateText(81, '卖橘子要营业执照吗') };
    expect((await post(question, 'wrong')).status).toBe(401);
    expect((await post(question)).status).toBe(200);
    expect((await post(question)).status).toBe(200);
    expect((await post({ update_id: 501, ...privateText(81, '/whoami') })).status).toBe(200);
    await waitFor(() => deliveredTo(stub, 81, 'telegram:81').length === 1, 'the /whoami answer');
    expect(deliveredTo(stub, 81, '营业执照')).toHaveLength(1);
    expect(stub.callsTo('getUpdates')).toHaveLength(0);
  });
});
