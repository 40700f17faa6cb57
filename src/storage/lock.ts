import { hostname } from 'node:os';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
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
    // The lock appears with its content in one step (written aside, then hard-linked into place), so a lock
    // that cannot be read or parsed was torn by a crash: stale, never a rival still writing it.
    const draft = `${file}.${process.pid}.tmp`;
    await writeFile(draft, JSON.stringify(info), { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await link(draft, file);
          return new DataDirLock(file);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const holder = await readFile(file, 'utf8')
          .then((t) => JSON.parse(t) as Partial<LockInfo>)
          .catch((): Partial<LockInfo> => ({}));
        DataDirLock.refuseIfHeld(dir, holder, info);
        // Stale: its process is gone. Remove and try once more; if another starter links first, it owns the dir.
        // (Two starters that both find the same stale lock at the same instant can both win: one may remove the
        // other's fresh lock. Only a kernel lock (flock) closes that gap; for one bot per directory started by
        // hand or by a service manager it does not arise.)
        await unlink(file).catch(() => {});
      }
    } finally {
      await unlink(draft).catch(() => {});
    }
    throw new DataDirLockedError(dir, 'another process took the lock while this one started');
  }

  private static refuseIfHeld(dir: string, holder: Partial<LockInfo>, info: LockInfo): void {
    const sameHost = holder.host === undefined || holder.host === info.host;
    // A restarted container often gets its old pid back: a lock with our own pid, older than this process, is ours
    // from before the crash.
    const ours = holder.pid === process.pid && Date.parse(holder.since ?? '') < Date.now() - process.uptime() * 1000;
    if (typeof holder.pid === 'number' && sameHost && alive(holder.pid) && !ours) {
      throw new DataDirLockedError(dir, `pid ${holder.pid} since ${holder.since ?? '?'}`);
    }
    if (!sameHost) throw new DataDirLockedError(dir, `host ${holder.host}, pid ${holder.pid}`);
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => {});
  }
}
