import type { z } from 'zod';
import { collect, decodeDocument, decodeRecord } from '../codec.js';
import { Document, NewerState } from '../document.js';
import { DataFileError, NotSavedError, StoreUnavailableError } from '../errors.js';
import { DEFAULT_CLAIM_KEEP_MS } from '../memory/coordination.js';
import type { DocumentSpec, JournalOptions, Lease, Store, StoredDocument, StoredJournal } from '../store.js';
import { LeaseLostError } from '../store.js';
import { migrate } from './migrations.js';
import { connectPostgres, redactUrl, type Sql } from './sql.js';

/** Runs tasks one at a time in call order (writes to one document, appends to one journal). */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => {});
    return run;
  }
}

/**
 * The store on PostgreSQL: documents are rows of `documents` (jsonb, with a revision so that two processes never
 * overwrite each other's change unseen), journals are rows of `journal_records`, leases are rows with an expiry
 * read from the database's clock, claims are rows with a primary key. Several bot processes share one database.
 */
export class PostgresStore implements Store {
  readonly shared = true;
  private claimsSincePrune = 0;

  private constructor(
    private readonly sql: Sql,
    readonly description: string,
  ) {}

  /** Connects (node-postgres pool) and brings the schema up to date. */
  static async connect(url: string): Promise<PostgresStore> {
    const sql = connectPostgres(url);
    try {
      return await PostgresStore.open(sql, redactUrl(url));
    } catch (err) {
      await sql.end().catch(() => {});
      if (err instanceof DataFileError) throw err;
      throw new StoreUnavailableError(redactUrl(url), err instanceof Error ? err.message : String(err), { cause: err });
    }
  }

  /** On any client (PGlite in tests); migrates first. */
  static async open(sql: Sql, description = 'postgres'): Promise<PostgresStore> {
    await migrate(sql);
    return new PostgresStore(sql, description);
  }

  async document<S extends z.ZodType>(name: string, spec: DocumentSpec<S>): Promise<StoredDocument<z.infer<S>>> {
    const where = `table documents, row ${name}`;
    const sql = this.sql;
    const select = 'SELECT version, data, revision::text AS revision FROM documents WHERE name = $1';
    const [row] = await sql.query<{ version: number; data: unknown; revision: string }>(select, [name]);
    let revision = row ? Number(row.revision) : 0;
    // Document runs one save at a time, so `revision` is the one this process last read or wrote.
    const save = async (state: z.infer<S>) => {
      const saved = await sql.query<{ revision: string }>(
        `INSERT INTO documents (name, version, data, revision) VALUES ($1, $2, $3::jsonb, 1)
         ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, revision = documents.revision + 1, updated_at = now()
         WHERE documents.revision = $4
         RETURNING revision::text AS revision`,
        [name, spec.version, JSON.stringify(state), revision],
      );
      if (saved[0]) {
        revision = Number(saved[0].revision);
        return;
      }
      const [fresh] = await sql.query<{ version: number; data: unknown; revision: string }>(select, [name]);
      revision = Number(fresh!.revision);
      throw new NewerState(decodeDocument(where, fresh!.version, fresh!.data, spec));
    };
    return new Document(row ? decodeDocument(where, row.version, row.data, spec) : spec.defaults(), where, spec, save, name);
  }

  journal<T>(name: string, schema: z.ZodType<T>, options: JournalOptions = {}): StoredJournal<T> {
    const sql = this.sql;
    const queue = new Queue();
    const guard = options.guard;
    const where = `table journal_records, journal ${name}`;
    const each = async (visit: (record: T) => void) => {
      // A page at a time by sequence number: a long journal never sits in memory whole.
      let after = '0';
      let count = 0;
      for (;;) {
        const rows = await sql.query<{ after: string; record: unknown }>(
          'SELECT seq::text AS after, record FROM journal_records WHERE journal = $1 AND seq > $2::bigint ORDER BY journal_records.seq LIMIT 1000',
          [name, after],
        );
        for (const { record } of rows) visit(decodeRecord(where, schema, record, ++count));
        if (rows.length < 1000) return count;
        after = rows.at(-1)!.after;
      }
    };
    return {
      where,
      each,
      readAll: () => collect(each),
      append(records) {
        if (!records.length) return queue.run(async () => {});
        const json = JSON.stringify(records);
        return queue.run(async () => {
          // The lease check and the insert are one statement: a process whose lease ran out (a long pause, a lost
          // network) cannot write a record after another process took over.
          let inserted: unknown[];
          try {
            inserted = await sql.query(
              `INSERT INTO journal_records (journal, record)
               SELECT $1, r FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(r, n)
               WHERE $3::text IS NULL OR EXISTS (SELECT 1 FROM leases WHERE name = $3 AND holder = $4 AND expires_at > clock_timestamp())
               ORDER BY n
               RETURNING 1`,
              [name, json, guard?.lease ?? null, guard?.holder ?? null],
            );
          } catch (err) {
            // One statement: a failed insert added no record.
            throw new NotSavedError(where, err);
          }
          if (inserted.length !== records.length) throw new LeaseLostError(guard!.lease, guard!.holder);
        });
      },
      rewrite(records) {
        const json = JSON.stringify(records);
        return queue.run(() =>
          sql.transaction(async (tx) => {
            await tx.query('DELETE FROM journal_records WHERE journal = $1', [name]);
            await tx.query(
              'INSERT INTO journal_records (journal, record) SELECT $1, r FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n',
              [name, json],
            );
          }),
        );
      },
    };
  }

  lease(name: string): Lease {
    const sql = this.sql;
    return {
      async acquire(holder, ttlMs) {
        // The database's clock decides expiry, so the processes' clocks need not agree.
        const rows = await sql.query(
          `INSERT INTO leases (name, holder, since, expires_at) VALUES ($1, $2, clock_timestamp(), clock_timestamp() + $3 * interval '1 millisecond')
           ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
             since = CASE WHEN leases.holder = EXCLUDED.holder THEN leases.since ELSE EXCLUDED.since END
           WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= clock_timestamp()
           RETURNING holder`,
          [name, holder, ttlMs],
        );
        return rows.length > 0;
      },
      async release(holder) {
        await sql.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
      },
      async current() {
        const [row] = await sql.query<{ holder: string; expires_at: Date }>(
          'SELECT holder, expires_at FROM leases WHERE name = $1 AND expires_at > clock_timestamp()',
          [name],
        );
        return row ? { holder: row.holder, expires: new Date(row.expires_at) } : undefined;
      },
    };
  }

  async claim(scope: string, id: string, keepMs = DEFAULT_CLAIM_KEEP_MS): Promise<boolean> {
    if (++this.claimsSincePrune >= 500) {
      this.claimsSincePrune = 0;
      await this.sql.query('DELETE FROM claims WHERE expires_at <= clock_timestamp()');
    }
    const rows = await this.sql.query(
      `INSERT INTO claims (scope, id, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (scope, id) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE claims.expires_at <= clock_timestamp()
       RETURNING id`,
      [scope, id, keepMs],
    );
    return rows.length > 0;
  }

  close(): Promise<void> {
    return this.sql.end();
  }
}
