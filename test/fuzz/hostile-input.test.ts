import { cp, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Disk } from '../../src/storage/disk.js';
import { TEXTS } from '../../src/core/texts.js';
import { tempDir } from '../helpers/cli.js';
import { recordingLog } from '../helpers/runtime.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { ADMIN, startBot } from '../scheduler/helpers.js';

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

/** Words that name Object.prototype's members, empty and huge texts, controls, bidi marks, lone surrogates. */
const HOSTILE = [
  ...PROTO_NAMES,
  'valueOf',
  'prototype',
  '',
  '   ',
  'x'.repeat(10_000),
  '\u0000\u0001\u001b[2J\u007f',
  '\u202e\u2066\u200f\u200b',
  '\ud800',
  'a\udc00b',
  '1',
  '0',
  '-1',
  '99999999999999999999',
  'NaN',
  '|',
  '| | | |',
  '\\',
  '\n',
  '\r\n',
  '主题: __proto__',
  '👨‍👩‍👧💥',
];

const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...HOSTILE), { minLength: 2, maxLength: 4 }).map((parts) => parts.join(' ')) },
);

const FIELDS = ['时间', '标题', '类型', '地点', '链接', '报名', '地区', '说明', '主题'];

/** One message: a command or alias with hostile arguments, a form, or free text, from a member or an admin. */
function messages(commandWords: string[]) {
  const text = fc.oneof(
    fc.tuple(fc.constantFrom(...commandWords), hostile).map(([word, arg]) => `${word} ${arg}`),
    fc.constantFrom(...commandWords),
    fc
      .tuple(fc.constantFrom('add', 'edit 1', 'cancel', '添加', '修改 1', '取消', '__proto__', 'constructor'), hostile)
      .map(([verb, arg]) => `/event ${verb} ${arg}`),
    fc
      .tuple(hostile, hostile, hostile, hostile)
      .map(([title, place, kind, more]) => `/event add 2026-12-10 09:00 | ${title} | ${place} | ${kind} | ${more} | ${more}`),
    fc.tuple(hostile, hostile).map(([title, place]) => `/event add 2026-12-10 09:00 | 培训${title} | ${place} | 培训`),
    fc
      .array(fc.tuple(fc.constantFrom(...FIELDS), hostile), { minLength: 1, maxLength: 5 })
      .map((fields) => `/event add\n${fields.map(([k, v]) => `${k}: ${v}`).join('\n')}`),
    fc.tuple(fc.constantFrom(...FIELDS), hostile).map(([field, value]) => `/event edit 1 ${field}: ${value}`),
    fc.tuple(hostile, hostile, hostile).map(([topic, region, body]) => `/announce #${topic} @${region} ${body}`),
    fc.tuple(hostile).map(([body]) => `/announce 公告${body}`),
    fc.tuple(fc.constantFrom('确认', '/confirm'), hostile).map(([word, code]) => `${word} ${code}`),
    fc.constantFrom('1', '2', '3', '取消'),
    hostile.map((t) => `问 ${t}`),
    hostile,
  );
  const sender = fc.constantFrom(ADMIN, 'member', '__proto__', 'constructor');
  return fc.oneof(
    fc.record({
      text,
      sender,
      kind: fc.constant('group' as const),
      chat: fc.constantFrom('group', '__proto__', 'constructor'),
      groupAdmin: fc.boolean(),
    }),
    // A private chat's id is its person's.
    fc.record({ text, sender, groupAdmin: fc.constant(false) }).map((m) => ({ ...m, kind: 'private' as const, chat: m.sender })),
  );
}

/** The real rules and wizard, a small FAQ: every feature has its data, and a bot starts fast. */
async function knowledgeDir(): Promise<string> {
  const dir = await tempDir('kb-fuzz-');
  await mkdir(path.join(dir, 'faq'));
  await cp('test/fixtures/knowledge/faq', path.join(dir, 'faq'), { recursive: true });
  await cp('test/fixtures/knowledge/topics.yaml', path.join(dir, 'topics.yaml'));
  for (const file of ['synonyms.yaml', 'off-topic.yaml', 'copy-rules.yaml', 'kaidian.yaml'])
    await cp(path.join('knowledge', file), path.join(dir, file));
  return dir;
}

// No fsync: atomicity is not under test here, and thousands of synced writes would take minutes.
const quickDisk: Disk = {
  replace: async (file, text) => {
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
  },
  append: (handle, text) => handle.appendFile(text),
};

interface Message {
  text: string;
  sender: string;
  chat: string;
  kind: 'private' | 'group';
  groupAdmin: boolean;
}

/** Runs the messages on a fresh bot, then starts another on the same folder: it must start and answer. */
async function survives(knowledge: string, batch: Message[]): Promise<void> {
  const { log, lines } = recordingLog();
  const dataDir = await tempDir('fuzz-');
  const first = await startBot({ at: '2026-11-28T02:00:00Z', knowledgeDir: knowledge, dataDir, logger: log, disk: quickDisk });
  try {
    for (const m of batch) {
      for (const reply of await first.adapter.say(m.text, m)) {
        expect(typeof reply.text).toBe('string');
        expect(reply.text, m.text.slice(0, 80)).not.toBe(TEXTS['zh-CN'].apology);
      }
    }
    await first.settle();
  } finally {
    await first.bot.stop();
  }
  expect(lines.filter((l) => (l.level as number) >= 50).map((l) => `${l.msg} ${JSON.stringify(l.err ?? '')}`)).toEqual([]);
  const again = await startBot({
    at: '2026-11-28T03:00:00Z',
    knowledgeDir: knowledge,
    dataDir,
    adapter: new FakeAdapter(),
    disk: quickDisk,
  });
  try {
    const [help] = await again.adapter.say('/help', { sender: 'member' });
    expect(help?.text).toContain('/subscribe');
    expect(await again.adapter.say('/events', { sender: ADMIN })).toHaveLength(1);
    expect(await again.adapter.say('/mysubs', { chat: '__proto__', sender: '__proto__' })).toHaveLength(1);
  } finally {
    await again.bot.stop();
  }
}

describe('hostile input', () => {
  let knowledge: string;
  let words: string[];
  beforeAll(async () => {
    knowledge = await knowledgeDir();
    // The command words, with and without their slash, as the table knows them.
    const probe = await startBot({ at: '2026-11-28T02:00:00Z', knowledgeDir: knowledge });
    words = probe.bot.runtime.commands.all.flatMap((c) => [`/${c.name}`, ...(c.aliases ?? []), ...(c.aliases ?? []).map((a) => `/${a}`)]);
    await probe.bot.stop();
  });

  it("every command and alias with each of Object.prototype's names, as a member and as an admin", async () => {
    // Each in a chat of its own, so no later message (a /unsubscribe) undoes what an earlier one wrote.
    const sweep = words.flatMap((word, w) =>
      PROTO_NAMES.flatMap((arg, a) =>
        [ADMIN, 'member'].map((sender): Message => ({
          text: `${word} ${arg}`,
          sender,
          chat: `c${w}-${a}-${sender}`,
          kind: a % 2 ? 'group' : 'private',
          groupAdmin: true,
        })),
      ),
    );
    await survives(knowledge, sweep);
  }, 120_000);

  it('random mixes of commands, forms, announcements, confirms and free text with hostile strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(messages(words), { minLength: 80, maxLength: 120 }), (batch) => survives(knowledge, batch)),
      { numRuns: 3 },
    );
  }, 120_000);
});
