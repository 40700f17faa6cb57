import { describe, expect, it } from 'vitest';
import { ChatDirectory } from '../../src/core/chat-directory.js';
import { PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { connectPostgres } from '../../src/storage/postgres/sql.js';
import { runTs, tempDir } from '../helpers/cli.js';
import { postgresUrl, withSearchPath } from '../helpers/stores.js';

describe('npm start with BOT_STORE', () => {
  it('keeps its state in the database, migrated at start', async () => {
    const admin = connectPostgres(postgresUrl(), 1);
    const schema = `main_${process.pid}_${Date.now()}`;
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const url = withSearchPath(postgresUrl(), schema);
    try {
      const result = await runTs('src/main.ts', [], { input: '/help\n', env: { BOT_STORE: url, BOT_DATA_DIR: await tempDir() } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('/ask');
      const [migrated] = await admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${schema}.schema_migrations`);
      expect(Number(migrated!.n)).toBeGreaterThan(0);
      const store = await PostgresStore.connect(url);
      expect((await ChatDirectory.open(store)).list().map((c) => c.platform)).toEqual(['console']);
      await store.close();
    } finally {
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('refuses to start, in one line naming BOT_STORE, when the database cannot be reached', async () => {
    const result = await runTs('src/main.ts', [], {
      input: '',
      env: { BOT_STORE: 'postgres://bot:hunter2@127.0.0.1:1/bot', BOT_DATA_DIR: await tempDir() },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BOT_STORE postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/bot cannot be used/);
    expect(result.stderr).not.toContain('hunter2');
  });
});
