import type { StoredJournal, StoredJournalSpec } from '../storage/store.js';
import { LedgerLineSchema, type DeliveryCounts, type LedgerLine, type LedgerRow, type RowStatus } from './schemas.js';

/** Where the delivery ledger is stored (exported for `store:copy`). */
export const DELIVERIES_JOURNAL: StoredJournalSpec<LedgerLine> = { name: 'deliveries.jsonl', schema: LedgerLineSchema };

/** A row's change of state: the new status and whatever else changed with it. */
export type RowChange = Pick<LedgerRow, 'status'> &
  Partial<Pick<LedgerRow, 'attempts' | 'next' | 'messageId' | 'reason' | 'gone' | 'partsSent' | 'parts'>>;

const SETTLED = new Set<RowStatus>(['sent', 'failed', 'skipped', 'unknown']);

/** The row is finished with: nothing more will be sent for it. */
/** How a job's rows ended, as the delivery report counts them (a chat that removed the bot is `removed`). */
export function countRows(rows: Iterable<LedgerRow>): DeliveryCounts {
  const counts: DeliveryCounts = { sent: 0, failed: 0, removed: 0, unknown: 0, skipped: 0 };
  for (const row of rows) {
    if (row.status === 'failed' && row.gone) counts.removed++;
    else if (row.status === 'sent' || row.status === 'failed' || row.status === 'unknown' || row.status === 'skipped') counts[row.status]++;
  }
  return counts;
}

export const isSettled = (status: RowStatus) => SETTLED.has(status);

const rowKey = (job: string, chat: string) => `${job}|${chat}`;

/** Replays one journal line onto the current rows (later lines win). */
function foldLine(rows: Map<string, LedgerRow>, line: LedgerLine): void {
  const key = rowKey(line.job, line.chat);
  if (line.op === 'row') {
    const { op: _op, ...row } = line;
    rows.set(key, row);
  } else {
    const row = rows.get(key);
    const { op: _op, ...change } = line;
    if (row) Object.assign(row, change);
  }
}

/** Replays journal lines into the current rows (later lines win), in file order. */
export function foldLedger(lines: Iterable<LedgerLine>): Map<string, LedgerRow> {
  const rows = new Map<string, LedgerRow>();
  for (const line of lines) foldLine(rows, line);
  return rows;
}

export interface LedgerOpenOptions {
  now: Date;
  /** Rows of jobs for which this says false are dropped when the journal is compacted (old history). */
  keepJob?: (job: string) => boolean;
}

/**
 * The delivery ledger: one row per (job, chat), kept in memory and persisted as an append-only journal of
 * transitions (deliveries.jsonl). Planning 10,000 rows is one append; each send adds two short lines; nothing
 * rewrites a large file per message. At open the journal is folded, rows left `sending` by a crash become
 * `unknown` (never re-sent: the message may have gone out), and a journal that has grown is compacted.
 */
export class Ledger {
  private readonly byJob = new Map<string, LedgerRow[]>();
  private readonly unsettled = new Map<string, number>();
  private readonly justSettled = new Set<string>();
  private staged: LedgerLine[] = [];

  private constructor(
    private readonly journal: StoredJournal<LedgerLine>,
    private readonly rows: Map<string, LedgerRow>,
  ) {
    for (const row of rows.values()) this.index(row);
    this.justSettled.clear();
  }

  /** Opens the ledger. `recovered` are the rows a crash left `sending`, now `unknown`. */
  static async open(journal: StoredJournal<LedgerLine>, options: LedgerOpenOptions): Promise<{ ledger: Ledger; recovered: LedgerRow[] }> {
    // Folded line by line as the file is read: memory holds the rows, not the journal's history.
    const folded = new Map<string, LedgerRow>();
    const lines = await journal.each((line) => foldLine(folded, line));
    let dropped = 0;
    for (const [key, row] of folded) {
      if (options.keepJob && !options.keepJob(row.job)) {
        folded.delete(key);
        dropped++;
      }
    }
    const ledger = new Ledger(journal, folded);
    const at = options.now.toISOString();
    const recovered = [...folded.values()].filter((r) => r.status === 'sending');
    for (const row of recovered) ledger.stage(row, { status: 'unknown', reason: 'interrupted: the bot stopped while sending' }, at);
    // Compact when history outweighs the rows by more than 10,000 lines (a finished fan-out leaves three lines
    // per row, so below ~10,000 rows a restart only folds) or when old jobs left.
    if (dropped || lines > 2 * folded.size + 10_000) {
      ledger.staged = [];
      await journal.rewrite([...folded.values()].map((row) => ({ op: 'row' as const, ...row })));
    } else {
      await ledger.commit([], options.now, { sync: true });
    }
    return { ledger, recovered };
  }

  get size(): number {
    return this.rows.size;
  }

  all(): IterableIterator<LedgerRow> {
    return this.rows.values();
  }

  row(job: string, chat: string): LedgerRow | undefined {
    return this.rows.get(rowKey(job, chat));
  }

  rowsOf(job: string): readonly LedgerRow[] {
    return this.byJob.get(job) ?? [];
  }

  /** Rows of the job not yet settled (planned or sending). */
  unsettledOf(job: string): number {
    return this.unsettled.get(job) ?? 0;
  }

  /** Jobs whose last unsettled row settled since the previous call. */
  takeSettledJobs(): string[] {
    const jobs = [...this.justSettled];
    this.justSettled.clear();
    return jobs;
  }

  /**
   * Plans deliveries as `planned` (one append, flushed to disk). Rows that already exist are left alone, so
   * planning a job again after a crash between "rows written" and "job marked planned" duplicates nothing.
   */
  async plan(entries: { job: string; chat: string; due: string }[], now: Date): Promise<LedgerRow[]> {
    const at = now.toISOString();
    const fresh: LedgerRow[] = [];
    const seen = new Set<string>();
    for (const { job, chat, due } of entries) {
      const key = rowKey(job, chat);
      if (this.rows.has(key) || seen.has(key)) continue;
      seen.add(key);
      fresh.push({ job, chat, due, status: 'planned', attempts: 0, at });
    }
    await this.appendWithStaged(
      fresh.map((row) => ({ op: 'row' as const, ...row })),
      { sync: true },
    );
    for (const row of fresh) {
      this.rows.set(rowKey(row.job, row.chat), row);
      this.index(row);
    }
    return fresh;
  }

  /**
   * Applies a change now and writes it with the next commit. For outcomes of sends: if the process dies before
   * that commit, the row is still `sending` on disk and comes back as `unknown`, which is the truth.
   */
  stage(row: LedgerRow, change: RowChange, at: string): void {
    this.apply(row, change, at);
    this.staged.push({ op: 'set', job: row.job, chat: row.chat, ...change, at });
  }

  /**
   * Writes staged changes and `changes` in one append, then applies `changes`. With `sync` the append is on
   * disk first: this is the write-ahead `sending` mark that must precede the platform call.
   */
  async commit(changes: { row: LedgerRow; change: RowChange }[], now: Date, options: { sync?: boolean } = {}): Promise<void> {
    const at = now.toISOString();
    await this.appendWithStaged(
      changes.map(({ row, change }) => ({ op: 'set' as const, job: row.job, chat: row.chat, ...change, at })),
      options,
    );
    for (const { row, change } of changes) this.apply(row, change, at);
  }

  /** Appends the staged changes, then `lines`. A failed append (a full disk) keeps the staged ones for the next try. */
  private async appendWithStaged(lines: LedgerLine[], options: { sync?: boolean }): Promise<void> {
    const staged = this.staged;
    this.staged = [];
    try {
      await this.journal.append([...staged, ...lines], options);
    } catch (err) {
      this.staged = [...staged, ...this.staged];
      throw err;
    }
  }

  private index(row: LedgerRow): void {
    const list = this.byJob.get(row.job);
    if (list) list.push(row);
    else this.byJob.set(row.job, [row]);
    if (!isSettled(row.status)) this.unsettled.set(row.job, (this.unsettled.get(row.job) ?? 0) + 1);
  }

  private apply(row: LedgerRow, change: RowChange, at: string): void {
    const was = isSettled(row.status);
    Object.assign(row, change, { at });
    const now = isSettled(row.status);
    if (was === now) return;
    const left = (this.unsettled.get(row.job) ?? 0) + (now ? -1 : 1);
    this.unsettled.set(row.job, left);
    if (left === 0) this.justSettled.add(row.job);
  }
}
