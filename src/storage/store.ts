import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import type { z } from 'zod';
import { openDocument, type DocumentSpec } from './document.js';
import { Journal } from './journal.js';
import { DataDirLock } from './lock.js';

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
  ) {}

  /** Creates the directory if needed and takes its lock (DataDirLockedError if another bot holds it). */
  static async open(dir: string): Promise<Store> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new Store(dir, await DataDirLock.acquire(dir));
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  document<S extends z.ZodType>(name: string, spec: Omit<DocumentSpec<S>, 'file'>): Promise<Low<z.infer<S>>> {
    return openDocument({ ...spec, file: this.path(name) });
  }

  /** The journal is closed (its file handle released) with the store. */
  journal<T>(name: string, schema: z.ZodType<T>): Journal<T> {
    const journal = new Journal(this.path(name), schema);
    this.journals.push(journal as Journal<unknown>);
    return journal;
  }

  async close(): Promise<void> {
    for (const journal of this.journals.splice(0)) await journal.close().catch(() => {});
    await this.lock.release();
  }
}
