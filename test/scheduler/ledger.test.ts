import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/scheduler/ledger.js';
import { LedgerLineSchema, type LedgerLine } from '../../src/scheduler/schemas.js';
import { Journal } from '../../src/storage/journal.js';
import { tempDir } from '../helpers/cli.js';

const NOW = new Date('2026-11-28T02:00:00Z');

async function journal() {
  return new Journal<LedgerLine>(path.join(await tempDir('ledger-'), 'deliveries.jsonl'), LedgerLineSchema);
}
const lines = async (j: Journal<LedgerLine>) =>
  (await readFile(j.file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LedgerLine);

describe('delivery ledger', () => {
  it('plans a fan-out in one append and never plans a row twice', async () => {
    const j = await journal();
    const { ledger } = await Ledger.open(j, { now: NOW });
    const entries = Array.from({ length: 1000 }, (_, i) => ({ job: 'j1', chat: `telegram:${i}`, due: NOW.toISOString() }));
    expect(await ledger.plan(entries, NOW)).toHaveLength(1000);
    expect(await ledger.plan(entries.slice(0, 10), NOW)).toEqual([]);
    expect(await lines(j)).toHaveLength(1000);
    expect(ledger.unsettledOf('j1')).toBe(1000);
    await j.close();
  });

  it('turns rows left sending into unknown on reopen and reports them, without re-planning them', async () => {
    const j = await journal();
    const { ledger } = await Ledger.open(j, { now: NOW });
    const [a, b] = await ledger.plan(
      ['a', 'b', 'c'].map((chat) => ({ job: 'j1', chat: `telegram:${chat}`, due: NOW.toISOString() })),
      NOW,
    );
    await ledger.commit(
      [a!, b!].map((row) => ({ row, change: { status: 'sending' as const, attempts: 1 } })),
      NOW,
      { sync: true },
    );
    ledger.stage(a!, { status: 'sent', messageId: '7' }, NOW.toISOString());
    await ledger.commit([], NOW);
    await j.close();
    // "Crash": b was sending, c planned.
    const reopened = await Ledger.open(j, { now: NOW });
    expect(reopened.recovered.map((r) => r.chat)).toEqual(['telegram:b']);
    const { ledger: again } = reopened;
    expect(again.row('j1', 'telegram:a')).toMatchObject({ status: 'sent', messageId: '7', attempts: 1 });
    expect(again.row('j1', 'telegram:b')).toMatchObject({ status: 'unknown' });
    expect(again.row('j1', 'telegram:c')).toMatchObject({ status: 'planned' });
    expect(again.unsettledOf('j1')).toBe(1);
    // The unknown mark is on disk: a second restart does not report it again.
    await j.close();
    expect((await Ledger.open(j, { now: NOW })).recovered).toEqual([]);
    await j.close();
  });

  it('keeps staged outcomes when an append fails (a full disk), and writes them with the next commit', async () => {
    const j = await journal();
    const { ledger } = await Ledger.open(j, { now: NOW });
    const [a] = await ledger.plan([{ job: 'j1', chat: 'telegram:a', due: NOW.toISOString() }], NOW);
    ledger.stage(a!, { status: 'sent', messageId: '7' }, NOW.toISOString());
    const append = j.append.bind(j);
    j.append = () => Promise.reject(new Error('ENOSPC'));
    await expect(ledger.commit([], NOW)).rejects.toThrow('ENOSPC');
    j.append = append;
    await ledger.commit([], NOW);
    await j.close();
    expect((await Ledger.open(j, { now: NOW })).ledger.row('j1', 'telegram:a')).toMatchObject({ status: 'sent', messageId: '7' });
    await j.close();
  });

  it('tells when the last row of a job settles', async () => {
    const j = await journal();
    const { ledger } = await Ledger.open(j, { now: NOW });
    const rows = await ledger.plan(
      [
        { job: 'j1', chat: 'telegram:a', due: NOW.toISOString() },
        { job: 'j1', chat: 'telegram:b', due: NOW.toISOString() },
      ],
      NOW,
    );
    ledger.stage(rows[0]!, { status: 'sent' }, NOW.toISOString());
    expect(ledger.takeSettledJobs()).toEqual([]);
    ledger.stage(rows[1]!, { status: 'failed', gone: true }, NOW.toISOString());
    expect(ledger.takeSettledJobs()).toEqual(['j1']);
    expect(ledger.takeSettledJobs()).toEqual([]);
    await j.close();
  });

  it('compacts a journal that is mostly history, and drops the rows of forgotten jobs', async () => {
    const j = await journal();
    const { ledger } = await Ledger.open(j, { now: NOW });
    const rows = await ledger.plan(
      Array.from({ length: 6000 }, (_, i) => ({ job: i < 5000 ? 'old' : 'new', chat: `telegram:${i}`, due: NOW.toISOString() })),
      NOW,
    );
    await ledger.commit(
      rows.map((row) => ({ row, change: { status: 'sending' as const, attempts: 1 } })),
      NOW,
    );
    for (const row of rows) ledger.stage(row, { status: 'sent' }, NOW.toISOString());
    await ledger.commit([], NOW);
    await j.close();
    expect(await lines(j)).toHaveLength(18_000);
    const { ledger: compacted } = await Ledger.open(j, { now: NOW, keepJob: (job) => job !== 'old' });
    expect(compacted.size).toBe(1000);
    const after = await lines(j);
    expect(after).toHaveLength(1000);
    expect(after[0]).toMatchObject({ op: 'row', job: 'new', status: 'sent', attempts: 1 });
    await j.close();
  });

  it('compacts history alone once it outweighs the rows by 10,000 lines, and only then', async () => {
    const settle = async (count: number) => {
      const j = await journal();
      const { ledger } = await Ledger.open(j, { now: NOW });
      const rows = await ledger.plan(
        Array.from({ length: count }, (_, i) => ({ job: 'j', chat: `telegram:${i}`, due: NOW.toISOString() })),
        NOW,
      );
      await ledger.commit(
        rows.map((row) => ({ row, change: { status: 'sending' as const, attempts: 1 } })),
        NOW,
      );
      for (const row of rows) ledger.stage(row, { status: 'sent' }, NOW.toISOString());
      await ledger.commit([], NOW);
      await j.close();
      await Ledger.open(j, { now: NOW });
      await j.close();
      return (await lines(j)).length;
    };
    expect(await settle(9000)).toBe(27_000); // 27,000 <= 2 × 9,000 + 10,000: folded, not rewritten
    expect(await settle(10_500)).toBe(10_500); // 31,500 > 31,000: one line per row
  });
});
