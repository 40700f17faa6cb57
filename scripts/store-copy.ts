/**
 * Moves the bot's state from one store to another, usually a data folder into PostgreSQL, and checks the result.
 *
 *   npm run -s store:copy -- --from ./data --to postgres://bot:secret@db.example:5432/bot
 *   npm run -s store:copy -- --from ./data --to postgres://… --json   → [{"name","kind","source","target"}, …]
 *
 * Every document and journal is read through its schema (what the bot would refuse is refused here), written to the
 * target, read back and compared: the table shows the entries (chats, jobs, records…) on each side. The target must
 * be empty of the bot's state (a copy never merges); a database gets its schema first. Stop the bot before copying:
 * the data folder's lock refuses a running one. Exit 0 when everything matches, 1 on any refusal or difference.
 */
import '../src/quiet-dotenv.js';
import { existsSync } from 'node:fs';
import { parseCommandLine } from '../src/cli-args.js';
import { copyStore } from '../src/storage/copy.js';
import { isDatabaseUrl, openStore } from '../src/storage/open.js';
import type { Store } from '../src/storage/store.js';
import { BOT_STATE } from '../src/stored-state.js';

const USAGE = `
Usage: npm run -s store:copy -- --from <data folder or postgres:// URL> --to <postgres:// URL or folder> [--json]

Copies every document and journal of the bot's state (src/stored-state.ts), then verifies the counts.
`;

const { values } = parseCommandLine(USAGE, {
  options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false } },
});
if (!values.from || !values.to) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

// Opening a folder creates it: a mistyped --from would otherwise copy an empty store and report success.
if (!isDatabaseUrl(values.from) && !existsSync(values.from)) {
  process.stderr.write(`store:copy: there is no data folder at ${values.from}\n`);
  process.exit(1);
}

const opened: Store[] = [];
try {
  const from = await openStore(values.from);
  opened.push(from);
  const to = await openStore(values.to);
  opened.push(to);
  const report = await copyStore(from, to, BOT_STATE);
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    process.stdout.write(`copied ${from.description} → ${to.description}\n`);
    for (const item of report)
      process.stdout.write(
        `${item.name.padEnd(20)} ${item.kind.padEnd(9)} ${String(item.source).padStart(7)} → ${String(item.target).padStart(7)}\n`,
      );
  }
} catch (err) {
  process.stderr.write(`store:copy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  for (const store of opened) await store.close().catch(() => {});
}
