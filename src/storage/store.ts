import type { z } from 'zod';
import { NotSavedError } from './errors.js';

/** Turns the data of version N into version N+1; index 0 upgrades version 1 to 2. */
export type Migration = (data: unknown) => unknown;

/** How a document is checked: its zod schema (on read and on write), version and upgrades, and its empty state. */
export interface DocumentSpec<S extends z.ZodType> {
  schema: S;
  /** Current schema version; every store keeps it with the data and refuses a newer one. */
  version: number;
  migrations?: Migration[];
  defaults: () => z.infer<S>;
}

/** A document's name in the store with its spec: what a feature stores, listed for copying a whole store. */
export interface StoredDocumentSpec<S extends z.ZodType> {
  name: string;
  spec: DocumentSpec<S>;
}

/** A journal's name with its record schema. */
export interface StoredJournalSpec<T> {
  name: string;
  schema: z.ZodType<T>;
}

/**
 * One small piece of state, read whole and written whole, whose state in memory is never ahead of the store: every
 * change goes through `change()`, which checks the result against the schema (a state the next start would refuse
 * is refused now), writes it, and puts the data back as it was when either fails. So a full disk or a lost
 * database costs the change that could not be saved, never a half-saved state that a later write (someone
 * else's) would save after the user was told it failed.
 */
export interface StoredDocument<T> {
  /** The current state. Read it freely; change it only inside `change()`. */
  readonly data: T;
  /**
   * Runs `fn` on the data and saves the result. Changes run one at a time, each after the previous one is saved. If
   * `fn` throws, the schema refuses the result, or the write fails, the data is restored in place (objects keep
   * their identity) and the error is thrown: NotSavedError for a refused or failed write, DocumentConflictError
   * when another process wrote first (the data then holds that process's state).
   */
  change<R>(fn: (data: T) => R): Promise<R>;
}

export interface AppendOptions {
  /**
   * Durable before resolving. For write-ahead marks ("about to send"): without it a power cut could lose the mark
   * while the message went out.
   */
  sync?: boolean;
}

/** Records that arrive often (delivery transitions, unanswered questions): appended, read back in order. */
export interface StoredJournal<T> {
  /** The file or table it lives in, for messages that name it. */
  readonly where: string;
  /**
   * Hands each record to `visit` in append order, each checked against the schema, reading a part at a time: a
   * journal that grew large costs the memory of what `visit` keeps, never the whole journal at once. Returns the
   * number of records.
   */
  each(visit: (record: T) => void): Promise<number>;
  /** Every record, in append order. Same as `each` collecting into an array. */
  readAll(): Promise<T[]>;
  /** Appends in call order; a failed append adds nothing and throws NotSavedError. */
  append(records: T[], options?: AppendOptions): Promise<void>;
  /** Replaces every record at once (compaction): a failure or crash leaves the old records or the new, never a mix. */
  rewrite(records: T[]): Promise<void>;
}

export interface JournalOptions {
  /**
   * Appends succeed only while `holder` holds the lease `lease`, checked in the same step as the write, so a process
   * that lost its lease (paused past the expiry) cannot write after another took over: the delivery ledger's
   * `sending` marks, which must never come from two processes for one row.
   */
  guard?: { lease: string; holder: string };
}

/**
 * Another process wrote the document since this one read it (a shared store only). The change was not saved, and
 * the document's `data` is now the other process's state, so trying again works on fresh data.
 */
export class DocumentConflictError extends NotSavedError {
  constructor(readonly document: string) {
    super(document, new Error('it was changed by another bot process at the same time; try again'));
    this.name = 'DocumentConflictError';
  }
}

/** An append refused because its guard lease is no longer held by this holder. */
export class LeaseLostError extends Error {
  constructor(
    readonly lease: string,
    readonly holder: string,
  ) {
    super(`lease ${lease} is no longer held by ${holder}; another process leads now`);
    this.name = 'LeaseLostError';
  }
}

/**
 * A named lease with an expiry: at most one holder at a time across every process sharing the store. A holder
 * renews it well before it expires; a holder that dies stops renewing and another takes over after the expiry.
 */
export interface Lease {
  /** Takes or renews the lease for `holder`; false while another holder's lease runs. */
  acquire(holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a clean stop), so a standby need not wait for the expiry. */
  release(holder: string): Promise<void>;
  /** Who holds it now, if anyone. */
  current(): Promise<{ holder: string; expires: Date } | undefined>;
}

/**
 * Where the bot keeps its state (hubot's DataStore, grammY's StorageAdapter): documents, journals, leases, and
 * once-only claims. `FileStore` (lowdb files in a directory, the default), `MemoryStore` (unit tests) and
 * `PostgresStore` (BOT_STORE=postgres://…, several processes on one database) implement it, and one contract test
 * suite (test/storage/contract.test.ts) holds them to the same behaviour.
 */
export interface Store {
  /** For logs and /healthz: the directory or the database, without a password. */
  readonly description: string;
  /** True when other processes may share it (a database): the bot then runs leader-only parts under a lease. */
  readonly shared: boolean;
  /** Opens a document, validated and migrated. Throws DataFileError naming it when the stored state is refused. */
  document<S extends z.ZodType>(name: string, spec: DocumentSpec<S>): Promise<StoredDocument<z.infer<S>>>;
  journal<T>(name: string, schema: z.ZodType<T>, options?: JournalOptions): StoredJournal<T>;
  lease(name: string): Lease;
  /**
   * Records `id` under `scope` and says whether this call was the first to do so, across every process sharing
   * the store (a Telegram update handled once). Claims older than `keepMs` may be forgotten.
   */
  claim(scope: string, id: string, keepMs?: number): Promise<boolean>;
  /** Flushes and releases what the store holds (journal files, the directory lock, database connections). */
  close(): Promise<void>;
}
