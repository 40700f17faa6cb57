import type { FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';

/**
 * How the store puts bytes on disk. Everything the bot writes goes through one of these two calls, so a test can
 * hand the store a disk that fails (ENOSPC) and check that state and files stay in step.
 */
export interface Disk {
  /** Replaces a file atomically (documents, journal compactions, the lock). */
  replace(file: string, text: string): Promise<void>;
  /** Appends to a journal's open file; `sync` flushes it to disk before resolving. */
  append(handle: FileHandle, text: string, sync: boolean): Promise<void>;
}

export const realDisk: Disk = {
  replace: writeFileAtomic,
  async append(handle, text, sync) {
    await handle.appendFile(text, 'utf8');
    if (sync) await handle.datasync();
  },
};
