import { hostname } from 'node:os';
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { DataDirLockedError } from './errors.js';

export const LOCK_NAME = 'bot.lock';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per data directory. The lock file records pid and host; a lock whose process is gone (a crash,
 * a kill -9) is stale and taken over, so a crash never blocks the next start.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static async acquire(dir: string): Promise<DataDirLock> {
    const file = path.join(dir, LOCK_NAME);
    const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(file, 'wx', 0o600);
        await handle.writeFile(JSON.stringify(info));
        await handle.close();
        return new DataDirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readFile(file, 'utf8').then((t) => JSON.parse(t) as Partial<LockInfo>, () => ({}) as Partial<LockInfo>);
      const sameHost = holder.host === undefined || holder.host === info.host;
      if (typeof holder.pid === 'number' && sameHost && alive(holder.pid)) {
        throw new DataDirLockedError(dir, `pid ${holder.pid} since ${holder.since ?? '?'}`);
      }
      if (!sameHost) throw new DataDirLockedError(dir, `host ${holder.host}, pid ${holder.pid}`);
      // Stale: its process is gone. Remove and try once more; if another starter wins the race, it owns the dir.
      await unlink(file).catch(() => {});
    }
    throw new DataDirLockedError(dir, 'another process took the lock while this one started');
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => {});
  }
}
