import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { FileStore } from '../../src/storage/file/file-store.js';
import { MemoryDatabase, MemoryStore } from '../../src/storage/memory/memory-store.js';
import { PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { connectPostgres, type Sql } from '../../src/storage/postgres/sql.js';
import type { Store } from '../../src/storage/store.js';
import { tempDir } from './cli.js';
import { enospc, fillableDisk } from './disk.js';

/** The server test/setup/postgres.ts found or started (scripts/ensure-postgres.sh). */
export const postgresUrl = () => inject('postgresUrl');

/** PGlite as the store's SQL client. `end` leaves the instance open: the kind closes it once, after every test. */
function overPglite(db: Pick<PGlite, 'query' | 'exec'>, transaction?: PGlite['transaction']): Sql {
  return {
    query: async <R>(text: string, params?: unknown[]) => (await db.query<R>(text, params)).rows,
    exec: async (script: string) => void (await db.exec(script)),
    transaction: <T>(work: (sql: Sql) => Promise<T>): Promise<T> => {
      if (!transaction) return Promise.reject(new Error('nested transaction'));
      return transaction.call(db as PGlite, (tx) => work(overPglite(tx))) as Promise<T>;
    },
    end: async () => {},
  };
}

/** Makes every write of one fresh store fail the way a full disk does, and lets it recover. */
export interface FullDisk {
  fill(): Promise<void>;
  free(): Promise<void>;
}

/**
 * One way to get a store of each kind, fresh for each test: `open()` makes a new one (its own directory, memory,
 * or schema), `again()` opens a second store on the same state (a restart, or a second process at the same time),
 * `disk` fills and frees what it writes to.
 */
export interface StoreKind {
  name: string;
  shared: boolean;
  fresh(): Promise<{ store: Store; again(): Promise<Store>; disk: FullDisk }>;
  dispose(): Promise<void>;
}

/**
 * The server's own failure, raised inside the database: every statement that would insert, change or delete a
 * document or journal record fails with PostgreSQL's disk_full (53100), as a server whose disk filled up does.
 */
function databaseDisk(exec: (script: string) => Promise<unknown>, schema: string): FullDisk {
  const tables = ['documents', 'journal_records'];
  return {
    fill: async () => {
      await exec(`CREATE OR REPLACE FUNCTION ${schema}.full_disk() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$`);
      for (const table of tables)
        await exec(
          `CREATE TRIGGER full_disk BEFORE INSERT OR UPDATE OR DELETE ON ${schema}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.full_disk()`,
        );
    },
    free: async () => {
      for (const table of tables) await exec(`DROP TRIGGER full_disk ON ${schema}.${table}`);
    },
  };
}

export const memoryKind: StoreKind = {
  name: 'memory',
  shared: true,
  async fresh() {
    const database = new MemoryDatabase();
    const disk = { fill: async () => void (database.fault = enospc()), free: async () => void (database.fault = undefined) };
    return { store: new MemoryStore(database, true), again: async () => new MemoryStore(database, true), disk };
  },
  async dispose() {},
};

export const fileKind: StoreKind = {
  name: 'files',
  shared: false,
  async fresh() {
    const dir = await tempDir('store-contract-');
    const { disk, fill, free } = fillableDisk();
    // A directory belongs to one process: `again` is the next start, after the first store closed.
    return {
      store: await FileStore.open(dir, { disk }),
      again: () => FileStore.open(dir, { disk }),
      disk: { fill: async () => fill(), free: async () => free() },
    };
  },
  async dispose() {},
};

let schemas = 0;
const schemaName = () => `t${process.pid}_${++schemas}`;

/** PGlite, one instance per test file; each `fresh()` is a schema of its own. */
export function pgliteKind(): StoreKind {
  let db: PGlite | undefined;
  return {
    name: 'PGlite',
    shared: true,
    async fresh() {
      db ??= await PGlite.create();
      const schema = schemaName();
      await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
      const sql = overPglite(db, db.transaction.bind(db));
      const store = await PostgresStore.open(sql, 'pglite');
      return { store, again: () => PostgresStore.open(sql, 'pglite'), disk: databaseDisk((script) => db!.exec(script), schema) };
    },
    async dispose() {
      await db?.close();
    },
  };
}

/** A schema of its own on the real server, through node-postgres, for each `fresh()`. */
export function postgresKind(url: string): StoreKind {
  const admin = connectPostgres(url, 1);
  const made: string[] = [];
  return {
    name: 'PostgreSQL',
    shared: true,
    async fresh() {
      const schema = schemaName();
      await admin.exec(`CREATE SCHEMA ${schema}`);
      made.push(schema);
      const target = withSearchPath(url, schema);
      const store = await PostgresStore.connect(target);
      return { store, again: () => PostgresStore.connect(target), disk: databaseDisk((script) => admin.exec(script), schema) };
    },
    async dispose() {
      for (const schema of made) await admin.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await admin.end();
    },
  };
}

/** `url` with every connection's search_path set to `schema` (libpq's `options`, which node-postgres honours). */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** Fresh schemas on the real server, each as a BOT_STORE URL, dropped by `dispose`. */
export function freshDatabases() {
  const admin = connectPostgres(postgresUrl(), 1);
  const made: string[] = [];
  return {
    admin,
    async fresh(name: string): Promise<string> {
      const schema = `${name}_${process.pid}_${Date.now()}`;
      await admin.exec(`CREATE SCHEMA ${schema}`);
      made.push(schema);
      return withSearchPath(postgresUrl(), schema);
    },
    async dispose() {
      for (const schema of made) await admin.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await admin.end();
    },
  };
}
