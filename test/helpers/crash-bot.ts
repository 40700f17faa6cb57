import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { foldLedger } from '../../src/scheduler/ledger.js';
import type { LedgerRow } from '../../src/scheduler/schemas.js';
import { DELIVERIES_JOURNAL } from '../../src/scheduler/ledger.js';
import { openStore } from '../../src/storage/open.js';

const FIXTURE = 'test/fixtures/scheduler-crash-bot.ts';
/** The leader lease in these tests, shorter than the default 15 s so a takeover costs the suite little time. */
export const LEASE_TTL_MS = Number(process.env.FAILOVER_LEASE_TTL_MS ?? 4_000);

export interface CrashBot {
  child: ChildProcess;
  stdout: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs test/fixtures/scheduler-crash-bot.ts. `store` is its BOT_STORE (a database URL) when given; `sendMs` how long
 * each send takes (40 ms by default).
 */
export function runCrashBot(args: string[], options: { store?: string | undefined; sendMs?: number } = {}): CrashBot {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FIXTURE_LEASE_TTL_MS: String(LEASE_TTL_MS),
    ...(options.store ? { BOT_STORE: options.store } : {}),
    ...(options.sendMs ? { FIXTURE_SEND_MS: String(options.sendMs) } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', () => {});
  return { child, stdout: () => out, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/** The chat ids the fixture's adapter delivered to, one per delivery (a chat twice if it got two copies). */
export const deliveredIds = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

/** Waits until `count` deliveries are in `file`. */
export async function waitForDeliveries(file: string, count: number, bot: CrashBot): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await deliveredIds(file)).length < count) {
    if (Date.now() > deadline) throw new Error(`the bot delivered too little in time; stdout: ${bot.stdout()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The delivery ledger's rows as the store holds them (a data folder or a database URL). */
export async function ledgerRows(target: string): Promise<LedgerRow[]> {
  const store = await openStore(target);
  try {
    return [...foldLedger(await store.journal(DELIVERIES_JOURNAL.name, DELIVERIES_JOURNAL.schema).readAll()).values()];
  } finally {
    await store.close();
  }
}

/** How many copies each chat got. */
export function copiesPerChat(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

export interface FanOutOutcome {
  /** Deliveries (the adapter's file), the ledger's rows, the deliveries seen before the restart or takeover. */
  delivered: string[];
  rows: LedgerRow[];
  beforeRestart: string[];
  /** stdout of the process that finished the fan-out: the admin's messages as JSON lines. */
  adminOutput: string;
  chats: number;
}

/**
 * The guarantee after a kill mid-fan-out: no chat got two copies, every row is `sent` or `unknown` (nothing planned
 * was lost), only sends in flight at the kill are unknown and none of them was sent again, and the admin was told.
 */
export function expectEachChatAtMostOnce(o: FanOutOutcome): { sent: number; unknown: number; maxCopies: number } {
  const counts = copiesPerChat(o.delivered);
  expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  expect(o.rows).toHaveLength(o.chats);
  const status = new Map(o.rows.map((r) => [r.chat.replace('fake:', ''), r.status]));
  expect(new Set(status.values())).toSatisfy((s: Set<string>) => [...s].every((v) => v === 'sent' || v === 'unknown'));
  const unknown = [...status].filter(([, s]) => s === 'unknown').map(([chat]) => chat);
  // Only the sends in flight at the kill can be unknown (the Telegram window is 8).
  expect(unknown.length).toBeLessThanOrEqual(8);
  for (const [chat, s] of status) {
    if (s === 'sent') expect(counts.get(chat), chat).toBe(1);
  }
  for (const chat of counts.keys()) expect(['sent', 'unknown']).toContain(status.get(chat));
  for (const chat of unknown) expect(counts.get(chat) ?? 0).toBe(o.beforeRestart.filter((c) => c === chat).length);
  // The admin heard about it: the unknown ones first, then the report with every count.
  const adminMessages = o.adminOutput
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { title: string; text: string });
  const report = adminMessages.find((m) => m.title === '发送报告')!;
  expect(report.text).toContain(`成功 ${o.chats - unknown.length} · 失败 0 · 已移除 0 · 未知 ${unknown.length}`);
  if (unknown.length) expect(adminMessages[0]?.title).toBe('发送状态未知');
  return { sent: o.chats - unknown.length, unknown: unknown.length, maxCopies: Math.max(0, ...counts.values()) };
}
