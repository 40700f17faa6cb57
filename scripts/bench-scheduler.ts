/** `npm run -s bench:scheduler`: the cost of one announcement fanned out to many chats. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Adapter, AdapterHost, SendOutcome } from '../src/core/adapter.js';
import type { Reply } from '../src/core/message.js';
import { createBot } from '../src/bot.js';
import { createLogger } from '../src/core/logger.js';
import type { SchedulerFeature } from '../src/scheduler/feature.js';
import { parseCommandLine } from '../src/cli-args.js';

const USAGE = `
Usage: npm run -s bench:scheduler [-- --chats <n>]

One announcement fanned out to 1,000 and to 10,000 subscribed chats through an instant fake transport, with the
ledger persisted as in production. Prints deliveries per second, CPU time, data sizes and peak memory per size
(each size runs in its own process, so the peaks are its own), then how the cost grows.

Options:
  --chats <n>  run one size and print its numbers as one JSON line
  -h, --help   this text
`;

const SIZES = [1_000, 10_000];
const CPU_TARGET_S = 5;

interface Result {
  chats: number;
  delivered: number;
  wallS: number;
  cpuS: number;
  ledgerMB: number;
  dataMB: number;
  baseRssMB: number;
  peakRssMB: number;
  restartMs: number;
}

/** Delivers instantly, and resolves `done` when the admin gets the delivery report. */
class InstantAdapter implements Adapter {
  readonly platform = 'telegram' as const;
  delivered = 0;
  host?: AdapterHost;
  private reported?: () => void;
  readonly done = new Promise<void>((resolve) => (this.reported = resolve));

  async start(host: AdapterHost) {
    this.host = host;
  }
  async stop() {}
  async send(chatId: string, reply: Reply): Promise<SendOutcome> {
    if (chatId === 'admin') {
      if (reply.title === '发送报告') this.reported!();
    } else this.delivered++;
    return { status: 'sent', messageId: chatId };
  }
  health() {
    return { up: true };
  }
  say(text: string) {
    return this.host!.handle({
      id: text,
      chat: { platform: 'telegram', id: 'admin', kind: 'private' },
      sender: { id: 'admin', name: 'admin' },
      text,
      at: new Date(),
    });
  }
}

// Subscribing 10,000 chats one message at a time is not what is measured: write the two documents at once.
async function seed(dataDir: string, chats: number) {
  const at = new Date().toISOString();
  const known: Record<string, unknown> = {};
  const subscriptions: Record<string, unknown> = {};
  for (let i = 0; i < chats; i++) {
    const id = String(-1_000_000_000 - i);
    known[`telegram:${id}`] = { platform: 'telegram', id, kind: 'group', title: `群${i}`, active: true, firstSeen: at, updated: at };
    subscriptions[`telegram:${id}`] = {
      chat: { platform: 'telegram', id, kind: 'group', title: `群${i}` },
      topics: 'all',
      regions: [],
      by: 'telegram:admin',
      at,
    };
  }
  await writeFile(path.join(dataDir, 'chats.json'), JSON.stringify({ version: 1, data: { chats: known } }));
  await writeFile(path.join(dataDir, 'subscriptions.json'), JSON.stringify({ version: 1, data: { subscriptions } }));
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name))).size;
  return total;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function runOne(chats: number): Promise<Result> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-sched-'));
  const knowledgeDir = await mkdtemp(path.join(tmpdir(), 'bench-kb-'));
  await seed(dataDir, chats);
  const options = { dataDir, knowledgeDir, admins: 'telegram:admin', watchKnowledge: false, logger: createLogger('silent') };
  const adapter = new InstantAdapter();
  const bot = createBot({ ...options, adapters: [adapter] });
  await bot.start();
  const baseRss = process.memoryUsage().rss;

  const cpu = process.cpuUsage();
  const started = performance.now();
  const preview = await adapter.say('/announce 本周六直播带货培训照常进行，请准时参加。');
  await adapter.say(preview[0]!.suggestions![0]!.action);
  await adapter.done;
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  await bot.stop();
  const ledger = (await stat(path.join(dataDir, 'deliveries.jsonl'))).size;
  const data = await dirSize(dataDir);

  // A restart folds the ledger (it compacts only when history outweighs the rows by 10,000 lines: not at these sizes).
  const again = createBot({ ...options, adapters: [new InstantAdapter()] });
  const restartStarted = performance.now();
  await again.start();
  const restartMs = performance.now() - restartStarted;
  await (again.runtime.features.find((f) => f.name === 'scheduler') as SchedulerFeature).idle();
  await again.stop();

  return {
    chats,
    delivered: adapter.delivered,
    wallS: wall,
    cpuS: (used.user + used.system) / 1e6,
    ledgerMB: mb(ledger),
    dataMB: mb(data),
    baseRssMB: mb(baseRss),
    peakRssMB: mb(peakRss),
    restartMs,
  };
}

function table(results: Result[]): string {
  const rows = [
    ['chats', 'delivered', 'deliveries/s', 'CPU s', 'wall s', 'ledger MB', 'data dir MB', 'RSS before MB', 'peak RSS MB', 'restart ms'],
    ...results.map((r) => [
      r.chats,
      r.delivered,
      Math.round(r.delivered / r.wallS),
      r.cpuS.toFixed(2),
      r.wallS.toFixed(2),
      r.ledgerMB.toFixed(2),
      r.dataMB.toFixed(2),
      r.baseRssMB.toFixed(0),
      r.peakRssMB.toFixed(0),
      r.restartMs.toFixed(0),
    ]),
  ].map((row) => row.map(String));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const { values } = parseCommandLine(USAGE, { options: { chats: { type: 'string' } } });
  if (values.chats !== undefined) {
    process.stdout.write(JSON.stringify(await runOne(Number(values.chats))) + '\n');
    return 0;
  }
  const results: Result[] = [];
  for (const chats of SIZES) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--chats', String(chats)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`bench for ${chats} chats failed:\n${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Result);
  }
  process.stdout.write(
    `Scheduler fan-out: one announcement, instant transport, ledger persisted (fsync on each "sending" batch)\n\n${table(results)}\n\n`,
  );
  const [small, large] = results as [Result, Result];
  const ratio = large.chats / small.chats;
  process.stdout.write(
    `Growth ×${ratio} chats: CPU ×${(large.cpuS / small.cpuS).toFixed(1)}, wall ×${(large.wallS / small.wallS).toFixed(1)}, ledger ×${(large.ledgerMB / small.ledgerMB).toFixed(1)}, memory above baseline ×${((large.peakRssMB - large.baseRssMB) / Math.max(1, small.peakRssMB - small.baseRssMB)).toFixed(1)}\n`,
  );
  const ok = large.cpuS <= CPU_TARGET_S && large.delivered === large.chats && small.delivered === small.chats;
  process.stdout.write(`Target ≤ ${CPU_TARGET_S} s CPU for ${large.chats} chats, all delivered: ${ok ? 'met' : 'NOT met'}\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
