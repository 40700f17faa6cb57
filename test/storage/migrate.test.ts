import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/storage/postgres/migrations.js';
import { runTs } from '../helpers/cli.js';
import { freshDatabases } from '../helpers/stores.js';

const databases = freshDatabases();
afterAll(() => databases.dispose());

describe('npm run migrate', () => {
  it('applies every step once, then reports the database current, and refuses one a newer bot migrated', async () => {
    const url = await databases.fresh('migrate');
    const first = await runTs('scripts/migrate.ts', ['--store', url, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const newest = MIGRATIONS.at(-1)!.version;
    expect(JSON.parse(first.stdout)).toEqual({ version: newest, applied: MIGRATIONS.map((m) => m.version) });
    const again = await runTs('scripts/migrate.ts', [], { env: { BOT_STORE: url } });
    expect(again.stdout).toMatch(new RegExp(`schema version ${newest} \\(already current\\)`));

    const schema = new URL(url).searchParams.get('options')!.replace('-c search_path=', '');
    await databases.admin.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, 'from the future')`, [newest + 1]);
    const newer = await runTs('scripts/migrate.ts', ['--store', url]);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(/migrated by a newer bot/);
  });

  it('answers --help and refuses a store that is no database URL', async () => {
    expect((await runTs('scripts/migrate.ts', ['--help'])).stdout).toMatch(/usage/i);
    const folder = await runTs('scripts/migrate.ts', ['--store', './data']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/postgres:\/\//);
  });
});
