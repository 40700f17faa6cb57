import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { realDisk, type Disk } from './disk.js';
import { openDocument, type Document, type DocumentSpec } from './document.js';
import { Journal } from './journal.js';
import { DataDirLock } from './lock.js';

export interface StoreOptions {
  /** Where writes go; tests pass one that fails like a full disk. */
  disk?: Disk;
}

/**
 * The bot's data directory: the lock that makes it one process's, and named files inside it. Small state
 * lives in lowdb documents (one file each, so no write touches unrelated data); frequent records go to
 * append-only journals.
 */
export class Store {
  private readonly journals: Journal<unknown>[] = [];

  private constructor(
    readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly disk: Disk,
  ) {}

  /**
   * Creates the directory if needed, takes its lock (DataDirLockedError if another bot holds it) and removes the
   * temporary files a crash mid-write left behind.
   */
  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const disk = options.disk ?? realDisk;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new Store(dir, await DataDirLock.acquire(dir, disk), disk);
    await store.removeLeftovers();
    return store;
  }

  // The lock is ours, so every temporary file here is a dead write's (a rival starter's lock draft excepted).
  private async removeLeftovers(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp') && !DataDirLock.isLiveDraft(name)) await unlink(this.path(name)).catch(() => {});
    }
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  document<S extends z.ZodType>(name: string, spec: Omit<DocumentSpec<S>, 'file' | 'disk'>): Promise<Document<z.infer<S>>> {
    return openDocument({ ...spec, file: this.path(name), disk: this.disk });
  }

  /** The journal is closed (its file handle released) with the store. */
  journal<T>(name: string, schema: z.ZodType<T>): Journal<T> {
    const journal = new Journal(this.path(name), schema, this.disk);
    this.journals.push(journal as Journal<unknown>);
    return journal;
  }

  async close(): Promise<void> {
    for (const journal of this.journals.splice(0)) await journal.close().catch(() => {});
    await this.lock.release();
  }
}
