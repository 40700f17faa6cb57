import { describe, expect, it } from 'vitest';
import { ChatDirectory } from '../../src/core/chat-directory.js';
import { HANDOFFS_JOURNAL } from '../../src/handoff/schema.js';
import { LEARNING_JOURNAL } from '../../src/knowledge/learning/records.js';
import { UNANSWERED_JOURNAL, UnansweredLog } from '../../src/knowledge/unanswered.js';
import { DELIVERIES_JOURNAL, Ledger } from '../../src/scheduler/ledger.js';
import { SchedulerState } from '../../src/scheduler/state.js';
import { FileStore } from '../../src/storage/file/file-store.js';
import { PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { connectPostgres } from '../../src/storage/postgres/sql.js';
import { runTs, tempDir } from '../helpers/cli.js';
import { postgresUrl, withSearchPath } from '../helpers/stores.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const CHATS = 30;

/** A data folder as a running bot leaves it: chats, subscriptions, unanswered questions, delivery rows. */
async function filledDataDir(): Promise<string> {
  const dir = await tempDir('copy-from-');
  const store = await FileStore.open(dir);
  const chats = await ChatDirectory.open(store);
  const state = await SchedulerState.open(store, NOW);
  for (let i = 1; i <= CHATS; i++) {
    const chat = { platform: 'telegram', id: `c${i}`, kind: 'group', title: `群${i}` } as const;
    await chats.seen(chat, NOW);
    await state.changeSubscriptions(
      (subscriptions) =>
        (subscriptions[`telegram:c${i}`] = { chat, topics: 'all', regions: [], by: 'telegram:admin', at: NOW.toISOString() }),
    );
  }
  const unanswered = await UnansweredLog.open(store.journal(UNANSWERED_JOURNAL.name, UNANSWERED_JOURNAL.schema));
  for (const question of ['怎么开直播', '运费险怎么买', '怎么开直播'])
    await unanswered.record({ at: NOW.toISOString(), question, outcome: 'none', platform: 'telegram' });
  const chat = { platform: 'telegram', id: 'c1', kind: 'group' } as const;
  await store.journal(HANDOFFS_JOURNAL.name, HANDOFFS_JOURNAL.schema).append([
    {
      type: 'asked',
      id: 1,
      at: NOW.toISOString(),
      chat,
      asker: { key: 'telegram:u1', name: '王' },
      question: '能开发票吗',
      locale: 'zh-CN',
    },
    { type: 'answered', id: 1, at: NOW.toISOString(), by: 'telegram:admin', text: '可以', delivery: 'sent' },
  ]);
  await store
    .journal(LEARNING_JOURNAL.name, LEARNING_JOURNAL.schema)
    .append([{ type: 'verdict', item: 'pick|shop-license|要执照', verdict: 'accepted', at: NOW.toISOString(), by: 'telegram:admin' }]);
  const { ledger } = await Ledger.open(store.journal(DELIVERIES_JOURNAL.name, DELIVERIES_JOURNAL.schema), { now: NOW });
  const rows = await ledger.plan(
    Array.from({ length: CHATS }, (_, i) => ({ job: 'j1', chat: `telegram:c${i + 1}`, due: NOW.toISOString() })),
    NOW,
  );
  await ledger.commit(
    rows.slice(0, 10).map((row) => ({ row, change: { status: 'sent' as const } })),
    NOW,
  );
  await store.close();
  return dir;
}

describe('npm run store:copy', () => {
  it('moves a data folder into PostgreSQL, verifies the counts, and refuses to copy over existing state', async () => {
    const from = await filledDataDir();
    const admin = connectPostgres(postgresUrl(), 1);
    const schema = `copy_${process.pid}_${Date.now()}`;
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const to = withSearchPath(postgresUrl(), schema);
    try {
      const copied = await runTs('scripts/store-copy.ts', ['--from', from, '--to', to, '--json']);
      expect(copied.code, copied.stderr).toBe(0);
      const report = JSON.parse(copied.stdout) as { name: string; source: number; target: number }[];
      const count = (name: string) => report.find((r) => r.name === name);
      expect(count('chats.json')).toMatchObject({ source: CHATS, target: CHATS });
      expect(count('subscriptions.json')).toMatchObject({ source: CHATS, target: CHATS });
      expect(count('unanswered.jsonl')).toMatchObject({ source: 3, target: 3 });
      expect(count('handoffs.jsonl')).toMatchObject({ source: 2, target: 2 });
      expect(count('answer-feedback.jsonl')).toMatchObject({ source: 1, target: 1 });
      // One line planning the rows, one with ten sends.
      expect(count('deliveries.jsonl')).toMatchObject({ source: 40, target: 40 });

      // The bot on the database sees what it saw in the folder.
      const store = await PostgresStore.connect(to);
      expect((await ChatDirectory.open(store)).get('telegram:c7')?.title).toBe('群7');
      const { ledger } = await Ledger.open(store.journal(DELIVERIES_JOURNAL.name, DELIVERIES_JOURNAL.schema), { now: NOW });
      expect([...ledger.all()].filter((r) => r.status === 'sent')).toHaveLength(10);
      await store.close();

      const again = await runTs('scripts/store-copy.ts', ['--from', from, '--to', to]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already holds chats\.json; copy into an empty store/);
    } finally {
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('answers --help, and names what is missing or mistyped', async () => {
    expect((await runTs('scripts/store-copy.ts', ['--help'])).stdout).toMatch(/--from/);
    const missing = await runTs('scripts/store-copy.ts', ['--from', './data']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage/i);
    const typo = await runTs('scripts/store-copy.ts', ['--from', '/nonexistent/dta', '--to', postgresUrl()]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/no data folder at \/nonexistent\/dta/);
  });
});
