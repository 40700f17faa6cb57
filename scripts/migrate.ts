/**
 * Brings a PostgreSQL store's schema up to date (the bot also does this at every start).
 *
 *   npm run -s migrate                         → the database in $BOT_STORE
 *   npm run -s migrate -- --store postgres://… [--json]
 *
 * Prints the schema version and the steps applied now; exit 1 when the database cannot be reached or was migrated
 * by a newer bot.
 */
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { migrate } from '../src/storage/postgres/migrations.js';
import { connectPostgres, redactUrl } from '../src/storage/postgres/sql.js';
import { isDatabaseUrl } from '../src/storage/open.js';

const USAGE = `
Usage: npm run -s migrate [-- --store postgres://user:password@host:port/database] [--json]   (default: $BOT_STORE)
`;

const { values } = parseCommandLine(USAGE, {
  options: { store: { type: 'string', default: process.env.BOT_STORE }, json: { type: 'boolean', default: false } },
});
if (!values.store || !isDatabaseUrl(values.store)) {
  process.stderr.write(`migrate: BOT_STORE (or --store) must be a postgres:// URL; a data folder needs no migration.\n${USAGE}\n`);
  process.exit(2);
}

const sql = connectPostgres(values.store, 1);
try {
  const { applied, version } = await migrate(sql);
  if (values.json) process.stdout.write(`${JSON.stringify({ version, applied })}\n`);
  else
    process.stdout.write(
      `${redactUrl(values.store)}: schema version ${version}${applied.length ? ` (applied now: ${applied.join(', ')})` : ' (already current)'}\n`,
    );
} catch (err) {
  process.stderr.write(`migrate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await sql.end();
}
