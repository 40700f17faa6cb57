import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { realDisk, type Disk } from '../disk.js';
import { openDocument } from '../document.js';
import { Journal } from '../journal.js';
import { DataDirLock } from '../lock.js';
import { LocalCoordination } from '../memory/coordination.js';
import type { DocumentSpec, JournalOptions, Store, StoredDocument, StoredJournal } from '../store.js';

export interface FileStoreOptions {
  /** Where writes go; tests pass one that fails like a full disk. */
  disk?: Disk;
}

/**
 * The default store: a data directory that one process owns (its lock file). Documents are lowdb JSON files, one
 * per document so no write touches unrelated data; journals are append-only JSON-lines files. Leases and claims
 * need no file: no other process can share the directory.
 */
export class FileStore implements Store {
  readonly shared = false;
  private readonly journals: Journal<unknown>[] = [];
  private readonly local = new LocalCoordination();

  private constructor(
    readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly disk: Disk,
  ) {}

  /**
   * Creates the directory if needed, takes its lock (DataDirLockedError if another bot holds it) and removes the
   * temporary files a crash mid-write left behind.
   */
  static async open(dir: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const disk = options.disk ?? realDisk;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new FileStore(dir, await DataDirLock.acquire(dir, disk), disk);
    await store.removeLeftovers();
    return store;
  }

  // The lock is ours, so every temporary file here is a dead write's (a rival starter's lock draft excepted).
  private async removeLeftovers(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp') && !DataDirLock.isLiveDraft(name)) await unlink(this.path(name)).catch(() => {});
    }
  }

  get description(): string {
    return this.dir;
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  document<S extends z.ZodType>(name: string, spec: DocumentSpec<S>): Promise<StoredDocument<z.infer<S>>> {
    return openDocument({ ...spec, file: this.path(name), disk: this.disk });
  }

  /** The journal is closed (its file handle released) with the store. */
  journal<T>(name: string, schema: z.ZodType<T>, options: JournalOptions = {}): StoredJournal<T> {
    const journal = new Journal(this.path(name), schema, this.disk);
    this.journals.push(journal as Journal<unknown>);
    return this.local.guarded(journal, options.guard);
  }

  lease(name: string) {
    return this.local.lease(name);
  }

  claim(scope: string, id: string, keepMs?: number): Promise<boolean> {
    return this.local.claim(scope, id, keepMs);
  }

  async close(): Promise<void> {
    for (const journal of this.journals.splice(0)) await journal.close().catch(() => {});
    await this.lock.release();
  }
}
