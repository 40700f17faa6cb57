import { PassThrough } from 'node:stream';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import type { Adapter, AdapterHost } from '../../src/core/adapter.js';
import type { IncomingMessageInput } from '../../src/core/message.js';
import { waitFor } from '../helpers/wait.js';
import type { Answerer } from '../../src/knowledge/answerer.js';
import type { KnowledgeFiles } from '../../src/knowledge/load.js';
import { recordingLog, silentLog } from '../helpers/runtime.js';
import { tempDir } from '../helpers/cli.js';

// An answerer that only reports what it was built from, so these tests do not depend on the real engine.
function countingAnswerer(files: KnowledgeFiles): Answerer {
  const result = (question: string) => ({
    question,
    outcome: 'answer' as const,
    entryId: files.entries[0]?.entry.id,
    score: 1,
    locale: 'zh-CN' as const,
    answer: `entries=${files.entries.length}`,
    body: `entries=${files.entries.length}`,
    suggestions: [],
    runnersUp: [],
  });
  return { ask: result, show: (id) => result(id), entry: () => undefined, entries: [], size: files.entries.length };
}

const ENTRY = (id: string) => `
- id: ${id}
  category: shop
  question: 怎么开网店${id}？
  alternates: [a${id}, b${id}, c${id}, d${id}]
  answer: 先选平台。
  sources: [《电子商务法》第十条]
  reviewed: 2026-11-28
`;

async function knowledgeDir(entries: string[]) {
  const dir = await tempDir('kb-');
  await mkdir(path.join(dir, 'faq'));
  await writeFile(path.join(dir, 'faq', 'shop.yaml'), entries.map(ENTRY).join(''));
  await writeFile(path.join(dir, 'topics.yaml'), 'topics: [{ id: shop, zh: 开店, en: Opening a shop }]\n');
  return dir;
}

function consoleStreams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  /** Types a line into the terminal chat and returns what the bot printed for it. */
  const say = async (line: string) => {
    const before = text.length;
    input.write(`${line}\n`);
    await waitFor(() => text.length > before);
    return text.slice(before);
  };
  return { input, output, read: () => text, say };
}

describe('createBot', () => {
  it('serves /healthz with adapters and knowledge, and stop() frees the data dir', async () => {
    const dataDir = await tempDir();
    const io = consoleStreams();
    const bot = createBot({
      dataDir,
      knowledgeDir: await knowledgeDir(['x1', 'x2']),
      logger: silentLog,
      httpPort: 0,
      console: io,
      buildAnswerer: countingAnswerer,
      watchKnowledge: false,
    });
    await bot.start();
    const res = await fetch(`http://127.0.0.1:${bot.httpPort}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { adapters: Record<string, { up: boolean }>; features: { knowledge: { entries: number } } };
    expect(body.adapters.console?.up).toBe(true);
    expect(body.features.knowledge.entries).toBe(2);
    expect((await fetch(`http://127.0.0.1:${bot.httpPort}/nope`)).status).toBe(404);
    await bot.stop();
    const again = createBot({
      dataDir,
      knowledgeDir: await knowledgeDir(['x1']),
      logger: silentLog,
      buildAnswerer: countingAnswerer,
      watchKnowledge: false,
    });
    await again.start();
    await again.stop();
  });

  it('reloads knowledge on change and keeps the last good version when an edit is broken', async () => {
    const kb = await knowledgeDir(['x1']);
    const io = consoleStreams();
    const { log, lines } = recordingLog();
    const bot = createBot({ dataDir: await tempDir(), knowledgeDir: kb, logger: log, console: io, buildAnswerer: countingAnswerer });
    await bot.start();
    const ask = () => io.say('问题');
    expect(await ask()).toContain('entries=1');
    await writeFile(path.join(kb, 'faq', 'shop.yaml'), ['x1', 'x2', 'x3'].map(ENTRY).join(''));
    await waitFor(async () => (await ask()).includes('entries=3'));
    await writeFile(path.join(kb, 'faq', 'shop.yaml'), ENTRY('x1') + '\n- id: [broken\n');
    // Wait until the broken edit has really been read, so the next answer proves the old version stayed.
    await waitFor(() => lines.some((l) => String(l.msg).includes('keeping the last good version')));
    expect(await ask()).toContain('entries=3');
    await bot.stop();
  });

  it('reloads the copy-check rules with the knowledge, keeping the last good ones when an edit breaks them', async () => {
    const kb = await knowledgeDir(['x1']);
    const io = consoleStreams();
    const { log, lines } = recordingLog();
    const bot = createBot({ dataDir: await tempDir(), knowledgeDir: kb, logger: log, console: io, buildAnswerer: countingAnswerer });
    await bot.start();
    const { say } = io;
    expect(await say('/check 全网最低价')).toContain('暂时用不了');
    await copyFile('knowledge/copy-rules.yaml', path.join(kb, 'copy-rules.yaml'));
    await waitFor(async () => (await say('/check 全网最低价')).includes('全网最低'));
    await writeFile(path.join(kb, 'copy-rules.yaml'), 'kinds: [broken\n');
    await waitFor(() => lines.some((l) => String(l.msg).includes('copy rules not reloaded')));
    expect(await say('/check 全网最低价')).toContain('全网最低');
    await bot.stop();
  });

  it('refuses malformed admins before touching the disk', () => {
    expect(() => createBot({ dataDir: '/nonexistent', knowledgeDir: '/nonexistent', admins: 'alice' })).toThrow(/platform:id/);
  });

  it('releases the lock when start fails half way', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, 'unanswered.jsonl'), 'garbage\n{"x":1}\n');
    const bot = createBot({
      dataDir,
      knowledgeDir: await knowledgeDir(['x1']),
      logger: silentLog,
      buildAnswerer: countingAnswerer,
      watchKnowledge: false,
    });
    await expect(bot.start()).rejects.toThrow(/unanswered\.jsonl/);
    await cp(path.join(dataDir, 'unanswered.jsonl'), path.join(dataDir, 'kept.jsonl'));
    await writeFile(path.join(dataDir, 'unanswered.jsonl'), '');
    const retry = createBot({
      dataDir,
      knowledgeDir: await knowledgeDir(['x1']),
      logger: silentLog,
      buildAnswerer: countingAnswerer,
      watchKnowledge: false,
    });
    await retry.start();
    await retry.stop();
  });
});

describe('a message that does not validate', () => {
  it('is not recorded in chats.json, and later chats still are', async () => {
    const dataDir = await tempDir('data-');
    let host: AdapterHost | undefined;
    // An embedding app's adapter for a platform the bot does not know.
    const adapter: Adapter = {
      platform: 'telegram',
      start: async (h) => void (host = h),
      stop: async () => {},
      send: async () => ({ status: 'sent' }),
      health: () => ({ up: true }),
    };
    const bot = createBot({
      dataDir,
      knowledgeDir: await knowledgeDir(['e1']),
      buildAnswerer: countingAnswerer,
      logger: silentLog,
      watchKnowledge: false,
      adapters: [adapter],
    });
    await bot.start();
    const from = (platform: string, id: string) =>
      ({
        id,
        chat: { platform, id, kind: 'private' },
        sender: { id, name: id },
        text: '你好',
        at: new Date(),
      }) as unknown as IncomingMessageInput;
    expect(await host!.handle(from('matrix', '!room'))).toEqual([]);
    expect(await host!.handle(from('telegram', '42'))).not.toEqual([]);
    await bot.stop();
    const chats = JSON.parse(await readFile(path.join(dataDir, 'chats.json'), 'utf8')).data.chats;
    expect(Object.keys(chats)).toEqual(['telegram:42']);
  });
});
