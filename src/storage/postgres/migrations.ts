import { DataFileError } from '../errors.js';
import type { Sql } from './sql.js';

/**
 * The database schema, one numbered step at a time. A step is never edited once released: a change is a new step.
 * Applied in order at every start (and by `npm run -s migrate`), each inside the one transaction that records it.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'documents, journals, leases, claims',
    sql: `
      CREATE TABLE documents (
        name text PRIMARY KEY,
        version integer NOT NULL,
        data jsonb NOT NULL,
        -- Raised by every write: a write based on an older revision was made without another process's change.
        revision bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE journal_records (
        journal text NOT NULL,
        seq bigserial NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (journal, seq)
      );
      CREATE TABLE leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        since timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE claims (
        scope text NOT NULL,
        id text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, id)
      );
    `,
  },
];

// Any constant: serialises migrations when several processes start on an empty database at the same moment.
const MIGRATION_LOCK = 727_001;

/** Brings the database to the newest schema. Returns the versions applied now (none when it was current). */
export async function migrate(sql: Sql): Promise<{ applied: number[]; version: number }> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const [row] = await tx.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = row?.version ?? 0;
    const newest = MIGRATIONS.at(-1)!.version;
    if (current > newest)
      throw new DataFileError('the database', `was migrated by a newer bot (schema version ${current}, this one knows ${newest})`);
    const applied: number[] = [];
    for (const step of MIGRATIONS) {
      if (step.version <= current) continue;
      await tx.exec(step.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      applied.push(step.version);
    }
    return { applied, version: Math.max(current, newest) };
  });
}
