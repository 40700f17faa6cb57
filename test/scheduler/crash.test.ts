import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldLedger } from '../../src/scheduler/ledger.js';
import { LedgerLineSchema } from '../../src/scheduler/schemas.js';
import { Journal } from '../../src/storage/journal.js';
import { tempDir } from '../helpers/cli.js';

const FIXTURE = 'test/fixtures/scheduler-crash-bot.ts';
const CHATS = 200;

function run(args: string[]): { child: ChildProcess; stdout: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', () => {});
  return { child, stdout: () => out, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

const delivered = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe('crash in the middle of a fan-out', () => {
  it('after SIGKILL and a restart every chat got the message at most once and is accounted for', async () => {
    const dataDir = await tempDir('crash-data-');
    const knowledgeDir = await tempDir('crash-kb-');
    const file = path.join(await tempDir('crash-out-'), 'delivered.txt');

    const first = run([dataDir, knowledgeDir, file, 'first']);
    // Kill it once a quarter of the chats have their message: the fan-out is well under way.
    const deadline = Date.now() + 20_000;
    while ((await delivered(file)).length < CHATS / 4) {
      if (Date.now() > deadline) throw new Error(`the first run delivered too little in time; stdout: ${first.stdout()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeRestart = await delivered(file);
    expect(beforeRestart.length).toBeLessThan(CHATS);

    const second = run([dataDir, knowledgeDir, file, 'resume']);
    expect(await second.exited).toBe(0);

    const ids = await delivered(file);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    // At most once.
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);

    const rows = [...foldLedger(await new Journal(path.join(dataDir, 'deliveries.jsonl'), LedgerLineSchema).readAll()).values()];
    expect(rows).toHaveLength(CHATS);
    const status = new Map(rows.map((r) => [r.chat.replace('fake:', ''), r.status]));
    // Nothing planned was lost: every chat is sent or unknown, none still planned, sending or failed.
    expect(new Set(status.values())).toSatisfy((s: Set<string>) => [...s].every((v) => v === 'sent' || v === 'unknown'));
    const unknown = [...status].filter(([, s]) => s === 'unknown').map(([chat]) => chat);
    // Only the sends in flight at the kill can be unknown (the Telegram window is 8).
    expect(unknown.length).toBeLessThanOrEqual(8);
    for (const [chat, s] of status) {
      if (s === 'sent') expect(counts.get(chat), chat).toBe(1);
    }
    // Every delivered chat is accounted for, and the unknown ones were not re-sent after the restart.
    for (const chat of counts.keys()) expect(['sent', 'unknown']).toContain(status.get(chat));
    for (const chat of unknown) expect(counts.get(chat) ?? 0).toBe(beforeRestart.filter((c) => c === chat).length);

    // The admin heard about it: the unknown ones after the restart, then the report with every count.
    const adminMessages = second.stdout().trim().split('\n').map((l) => JSON.parse(l) as { title: string; text: string });
    const report = adminMessages.find((m) => m.title === '发送报告')!;
    expect(report.text).toContain(`成功 ${CHATS - unknown.length} · 失败 0 · 已移除 0 · 未知 ${unknown.length}`);
    if (unknown.length) expect(adminMessages[0]?.title).toBe('发送状态未知');
  }, 60_000);
});
