import pg from 'pg';

/**
 * The little the PostgreSQL store asks of a client, so one store runs on node-postgres (a server) and on PGlite
 * (Postgres in WASM, in-process, for tests) alike.
 */
export interface Sql {
  /** One statement with `$1`-style parameters; the rows it returns. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Several statements without parameters (a migration script). */
  exec(script: string): Promise<void>;
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

type Queryable = pg.Pool | pg.PoolClient;

function over(client: Queryable): Omit<Sql, 'transaction' | 'end'> {
  return {
    query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
    // Without parameters node-postgres uses the simple query protocol, which takes several statements.
    exec: async (script: string) => void (await client.query(script)),
  };
}

/** A connection pool to a PostgreSQL server (`postgres://user:password@host:port/database`). */
export function connectPostgres(url: string, max = 4): Sql {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // An idle connection the server dropped (a restart, a fail-over) emits 'error' on the pool; unhandled, it would
  // end the process. The next query opens a new connection, or fails and is reported where it was made.
  pool.on('error', () => {});
  return {
    ...over(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          ...over(client),
          transaction: () => Promise.reject(new Error('nested transaction')),
          end: async () => {},
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

/** The URL without its password, for logs and /healthz. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
