import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import type { AlertKey, AlertParams } from '../../src/core/alerts.js';
import type { Reply } from '../../src/core/message.js';
import type { SchedulerFeature } from '../../src/scheduler/feature.js';
import { tempDir } from '../helpers/cli.js';
import { startBot, useLoopTimers } from '../scheduler/helpers.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { silentLog } from '../helpers/runtime.js';

/**
 * BOT_LOCALE=en: every fixed text a member or an admin meets is English — replies to every registered command
 * (the test fails on a command it never ran), the event form and its mistakes, the /announce and /resend previews
 * and confirmations, what the scheduler pushes, the admin alerts and the calendar feed. Chinese may appear only where
 * it is quoted: the knowledge (an answer with no English version yet, a copy rule, a checklist item — content, not
 * code) and what people typed or named themselves. So once every knowledge text and every input is taken out of a
 * reply, no Chinese may be left. (A question typed in Chinese is answered in Chinese: the answerer follows the
 * asker's language, so none is asked here.)
 */
const KNOWLEDGE = 'knowledge';
const HAN = /\p{Script=Han}+/gu;

// Fields that are only matched against what users type, never shown.
const MATCH_ONLY = new Set(['alternates', 'tags', 'words', 'examples', 'aliases']);

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value.trim()];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => (MATCH_ONLY.has(key) ? [] : leaves(v)));
  return [];
}

/** Every text of the knowledge folder's YAML files, longest first; the synonym list is words to match, never shown. */
async function knowledgeTexts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.yaml') && e.name !== 'synonyms.yaml');
  const texts = await Promise.all(
    files.map(async (e) => {
      const data = parse(await readFile(path.join(e.parentPath, e.name), 'utf8')) as Record<string, unknown>;
      // The wizard's questions, options and headings have English versions: those are no quotes to allow.
      if (e.name === 'kaidian.yaml') for (const key of ['goods', 'identity', 'platforms', 'sections']) delete data[key];
      return leaves(data);
    }),
  );
  return texts.flat().filter((t) => t.length > 1);
}

// The admin types the kind in English: a Chinese input word is quoted (taken out before the scan), so 培训 typed
// here would hide a 培训 left in a reply.
const EVENT = '/event add 2026-12-10 09:00 | 直播带货实操培训 | 县电商公共服务中心三楼 | training';
const ADMIN = { chat: 'admin' };

let bot: Bot;
let fake: FakeAdapter;
let quoted: string[];
const inputs: string[] = [];
const conversation: { said: string; replies: Reply[] }[] = [];
/** Every command run, and those run by the admin: the test fails on a command it never ran. */
const ran = new Set<string>();
const ranByAdmin = new Set<string>();

async function say(text: string, from: Parameters<FakeAdapter['say']>[1] = { chat: 'm1' }) {
  inputs.push(text);
  const sender = from.sender ?? from.chat ?? 'admin';
  // The fake platform names a sender 用户<id> and a group 群<id>: names people chose, quoted like their words.
  inputs.push(`用户${sender}`, `群${from.chat}`);
  const match = bot.runtime.commands.match(text);
  if (match && 'command' in match) {
    ran.add(match.command.name);
    if (sender === 'admin') ranByAdmin.add(match.command.name);
  }
  const replies = await fake.say(text, from);
  conversation.push({ said: text, replies });
  return replies;
}

/** The admin says each in turn, in a private chat. */
async function adminSays(texts: string[]) {
  for (const text of texts) await say(text, ADMIN);
}

/** Presses the first button of a reply, as a platform that shows buttons would. */
async function press(replies: Reply[], from: Parameters<FakeAdapter['say']>[1] = ADMIN) {
  const action = replies.flatMap((r) => r.suggestions ?? [])[0]?.action;
  if (!action) throw new Error(`no button in ${JSON.stringify(replies)}`);
  return say(action, from);
}

const scheduler = () => bot.runtime.features.find((f) => f.name === 'scheduler') as SchedulerFeature;

/** Members: every member command, the wizard, the copy check, subscriptions and sign-ups. */
async function members() {
  const commands = [
    '/help',
    '/start',
    '/whoami',
    '/ask',
    '/ask do I need a business licence to sell my own oranges',
    'how is the weather tomorrow',
    'licence',
    '/answer Bad_Id',
    '/answer no-such-entry',
    '/feedback nonsense',
    '/check',
    '纯天然野生蜂蜜，全网最低价',
    '/check 最近上新',
    '/kaidian',
    '1',
    '1',
    '1 3',
    'done',
    '/kaidian',
    'cancel',
    '/kaidian farm self',
    'how do I write a product title?',
    '/kaidian nonsense',
    '/events',
    '/event',
    '/event 99',
    '/signup 99',
    '/subscribe training',
    '/mysubs',
    '/unsubscribe',
    '/unsubscribe',
    '/mysubs',
    '/subscribe',
    '/foo',
    '/announce hello',
    '/event add 2026-12-10 09:00 | x | y | training',
    '/unanswered',
    '/welcome',
    '/human',
    'cancel',
    '/human how do I ship oranges to Europe',
  ];
  for (const text of commands) await say(text);
  await say('/welcome on', { chat: 'g1', kind: 'group', sender: 'm1' });
  await say('/welcome', { chat: 'g1', kind: 'group', sender: 'owner', groupAdmin: true });
  await say('/welcome on', { chat: 'g1', kind: 'group', sender: 'owner', groupAdmin: true });
  await say('/subscribe training', { chat: 'g1', kind: 'group', sender: 'owner', groupAdmin: true });
  // m2's deliveries come back unknown once (the bot cannot tell whether they arrived): /resend's case.
  await say('/subscribe', { chat: 'm2' });
}

/** The admin's event form: every verb, its mistakes, and what it plans. */
async function eventForm() {
  await adminSays([
    '/deliveries',
    '/event add',
    '/event add 2026-11-01 09:00 | x | https://live.example.com | party | a | b | c',
    '/event add time: 2026-11-01 09:00\nkind: party\nlink: live.example.com\ncolour: red\nnonsense',
    '/event add time: 2026-12-05 25:00\ntitle: x\nkind: training\nplace: here',
    '/event add 2026-12-05 09:00-08:00 | x | | training',
    '/event add 2026-02-30 09:00 | x | y | forum',
    '/event add 2026-12-05 | x | y | forum',
    '/event add next saturday | x | y | forum',
    '/event add 2026-12-05 09:00 ~ 2026-12-06 10:00 ~ 2026-12-07 10:00 | x | y | forum',
  ]);
  await say(
    `/event add time: 2026-12-05 09:00\ntitle: ${'x'.repeat(61)}\nkind: training\nplace: ${'y'.repeat(101)}\ntopic: fashion\ntime: 2026-12-06 09:00`,
    ADMIN,
  );
  await say(EVENT, ADMIN);
  await say(
    '/addevent time: 2026-12-20 09:00 to 2026-12-21 17:00\ntitle: Rural e-commerce fair\nkind: exhibition\nlink: https://fair.example.com\nregister: phone 0571-12345678\nregions: Linan, Yuqian\ndescription: bring samples\nand price lists',
    ADMIN,
  );
  await say('/event add 2026-11-28 12:30 | Same-day webinar | https://live.example.com/1 | other', ADMIN);
  await say('/events', ADMIN);
  await say('/signup 1');
  await say('/signup 1');
  await adminSays([
    '/event 1',
    '/event edit',
    '/event edit 1',
    '/event edit 1 place: 县电商公共服务中心三楼',
    '/event edit 1 time: 2026-12-11 09:00-17:00\nregister: phone 0571-12345678\nkind: forum',
    '/event edit 1 time: 2026-11-01 09:00',
    '/editevent 99 title: y',
    '/event cancel 2',
    '/cancelevent 2',
    '/event edit 2 title: y',
    '/event 2',
  ]);
  await scheduler().idle();
}

/** The admin's announcement: preview, confirm (the button), report, /deliveries, /resend of the unknown ones. */
async function announceFlow() {
  await adminSays([
    '/announce',
    '/announce #fashion hello',
    '/announce #training',
    '/announce @Nowhere nobody lives here',
    '/confirm abc',
    '/confirm 0000',
  ]);
  fake.script.set('m2', [{ status: 'unknown', reason: '502: Bad Gateway' }]);
  const preview = await say('/announce #training @Linan The live-selling class moves to 2 pm on Saturday.', ADMIN);
  await press(preview);
  await scheduler().idle();
  await press(preview);
  await adminSays(['/deliveries', '/resend', '/resend j99', '/resend j1']);
  const deliveries = await say('/deliveries', ADMIN);
  const job = /\/resend (j\d+)/.exec(deliveries.map((r) => r.text).join('\n'))?.[1];
  if (!job) throw new Error(`no unknown delivery in /deliveries: ${JSON.stringify(deliveries)}`);
  await say('/confirmresend 0000', ADMIN);
  const resend = await say(`/resend ${job}`, ADMIN);
  await press(resend);
  await scheduler().idle();
  await press(resend);
  await say('/deliveries', ADMIN);
}

/** The admin's other tools. */
async function adminTools() {
  await adminSays(['/help', '/whoami', '/subscriptions', '/subscriptions nowhere', '/console']);
  await say('/console', { chat: 'g1', kind: 'group', sender: 'admin' });
  await say('/welcome', { chat: 'g2', kind: 'group', sender: 'admin' });
  await say('/welcome on', { chat: 'g2', kind: 'group', sender: 'admin' });
  await say('/welcome off', { chat: 'g2', kind: 'group', sender: 'admin' });
  await adminSays([
    '/welcome',
    '/unanswered',
    '/unanswered x',
    '/suggestions',
    '/suggestions nonsense',
    '/suggestions accept 9',
    '/handoffs',
    '/reply',
    '/reply 99 hello',
    '/reply 1',
    'You can ship by postal parcel; see the customs rules.',
    '/reply 1 again',
    '/handoffs',
  ]);
}

beforeAll(async () => {
  quoted = await knowledgeTexts(KNOWLEDGE);
  fake = new FakeAdapter();
  bot = createBot({
    dataDir: await tempDir('english-'),
    knowledgeDir: KNOWLEDGE,
    locale: 'en',
    admins: 'fake:admin',
    adapters: [fake],
    logger: silentLog,
    watchKnowledge: false,
    floodLimit: 1000,
    httpPort: 0,
    httpHost: '127.0.0.1',
    now: () => new Date('2026-11-28T02:00:00Z'),
  });
  await bot.start();
  await members();
  await eventForm();
  await announceFlow();
  await adminTools();
  await say('/events');
  await say('/event 1');
  await say('/mysubs', { chat: 'g1', kind: 'group', sender: 'owner' });
  // Nobody left to tell.
  await say('/unsubscribe', { chat: 'g1', kind: 'group', sender: 'owner', groupAdmin: true });
  await say('/unsubscribe');
  await say('/unsubscribe', { chat: 'm2' });
  await say('/announce #policy nobody is subscribed', ADMIN);
  await say('/subscriptions', ADMIN);
});

afterAll(async () => {
  await bot.stop();
});

/** The Chinese left in a text once the knowledge and what the users typed are taken out. */
function unquotedChinese(text: string): string[] {
  let rest = text;
  // An input is quoted whole or in parts (the event form's fields are shown one by one).
  const typed = inputs.flatMap((i) => [i, ...i.split(/\s*\|\s*|\s+/)]).filter(Boolean);
  for (const q of [...quoted, ...typed].sort((x, y) => y.length - x.length)) rest = rest.replaceAll(q, ' ');
  return rest.match(HAN) ?? [];
}

/** The Chinese of a reply's title, text and buttons, as `said → run`. */
function chineseIn(said: string, replies: Reply[]): string[] {
  return replies
    .flatMap((r) => [
      r.title ?? '',
      r.text,
      r.suggestionsTitle ?? '',
      r.suggestionsFooter ?? '',
      ...(r.suggestions ?? []).map((s) => s.label),
    ])
    .flatMap(unquotedChinese)
    .map((run) => `${said} → ${run}`);
}

describe('BOT_LOCALE=en', () => {
  it('answers every command, the wizard, the copy check, /events and the admin tools in English', () => {
    expect(conversation.length).toBeGreaterThan(100);
    expect(conversation.flatMap(({ said, replies }) => chineseIn(said, replies))).toEqual([]);
  });

  it("never shows zod's own (English) message: every argument schema names its problem in the user's language", () => {
    const fallback = conversation.filter(({ replies }) => replies.some((r) => /Invalid input|expected \w+, received/.test(r.text)));
    expect(fallback.map((c) => c.said)).toEqual([]);
  });

  it('ran every registered command, and every admin command as an admin', () => {
    const all = bot.runtime.commands.all;
    expect(all.length).toBeGreaterThan(20);
    expect(all.map((c) => c.name).filter((name) => !ran.has(name))).toEqual([]);
    expect(all.filter((c) => c.admin && !ranByAdmin.has(c.name)).map((c) => c.name)).toEqual([]);
  });

  it('pushes notices, change and cancel notices, announcements and reports in English', () => {
    const titles = (chat: string) => fake.delivered.filter((d) => d.chatId === chat).map((d) => d.reply.title);
    expect(titles('m1')).toEqual(
      expect.arrayContaining([
        expect.stringContaining('New event: Training | 直播带货实操培训'),
        'Notice',
        expect.stringContaining('Event changed'),
      ]),
    );
    expect(titles('admin')).toEqual(expect.arrayContaining(['Delivery report', 'Re-send report']));
    expect(fake.delivered.flatMap((d) => chineseIn(`push to ${d.chatId}`, [d.reply]))).toEqual([]);
  });

  it('alerts the admins in English, every alert there is', async () => {
    // A new alert is a type error here until the test sends it.
    const params: { [K in AlertKey]: AlertParams<K> } = {
      rateLimited: { seconds: 120, count: 3, setting: 'FAKE_MAX_WAIT' },
      unreachable: { error: 'ECONNRESET', setting: 'FAKE_TOKEN' },
      dailyCapReached: { cap: 500, setting: 'FAKE_DAILY_CAP' },
      throttled: { reason: 'frequency limit', until: new Date('2026-11-28T03:00:00Z') },
      loggedOut: { account: 'county-helper', reason: 'kicked' },
    };
    const before = fake.delivered.length;
    for (const key of Object.keys(params) as AlertKey[]) fake.running.alert(key, params[key] as never);
    await expect.poll(() => fake.delivered.length - before).toBe(Object.keys(params).length);
    const alerts = fake.delivered.slice(before);
    expect(alerts.every((d) => d.chatId === 'admin')).toBe(true);
    expect(alerts.flatMap((d) => chineseIn(`alert`, [d.reply]))).toEqual([]);
  });

  it('serves the calendar feed in English', async () => {
    const feed = await (await fetch(`http://127.0.0.1:${bot.httpPort}/events.ics`)).text();
    expect(feed).toContain('County e-commerce centre events');
    // iCalendar folds long lines (RFC 5545 3.1): unfolded, a quoted title is whole again.
    expect(unquotedChinese(feed.replace(/\r\n[ \t]/g, '').replaceAll('\\n', '\n'))).toEqual([]);
  });

  it('reminds subscribers in English', async () => {
    useLoopTimers();
    const h = await startBot({ at: '2026-11-28T02:00:00Z', locale: 'en' });
    try {
      await h.adapter.say('/subscribe', { chat: 'u1' });
      await h.adapter.say(EVENT, { chat: 'admin' });
      await h.settle();
      // 07:00 in Shanghai, two hours before the start.
      await h.at('2026-12-09T23:00:00Z');
      const reminder = h.adapter.delivered.filter((d) => d.chatId === 'u1').at(-1)?.reply;
      expect(reminder?.title).toBe('Event reminder: starts in 2 h');
      expect(unquotedChinese(`${reminder?.title}\n${reminder?.text}`)).toEqual([]);
    } finally {
      await h.bot.stop();
      vi.useRealTimers();
    }
  });
});
