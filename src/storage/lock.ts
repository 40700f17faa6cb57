import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { link, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Disk } from './disk.js';
import { DataDirLockedError } from './errors.js';

export const LOCK_NAME = 'bot.lock';

const LockInfoSchema = z
  .object({
    pid: z.number(),
    host: z.string(),
    since: z.string(),
    /** /proc/sys/kernel/random/boot_id: a lock from before a reboot is stale whatever its pid now names. */
    boot: z.string(),
    /** The owner's start time in clock ticks since boot (/proc/<pid>/stat): tells the owner from a reused pid. */
    started: z.string(),
  })
  .partial();
type LockInfo = z.infer<typeof LockInfoSchema>;

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export const bootId = () => readProc('/proc/sys/kernel/random/boot_id')?.trim();

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). Linux only. */
export function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
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

/** The process the lock names is the one that wrote it, still running (not a pid reused after a crash or reboot). */
function ownerRunning(holder: LockInfo): boolean {
  if (typeof holder.pid !== 'number' || !alive(holder.pid)) return false;
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return false;
  const started = processStart(holder.pid);
  return !(holder.started && started && holder.started !== started);
}

/** The name of the draft a starter with this pid writes before linking it into place. */
const lockDraft = (file: string, pid: number) => `${file}.${pid}.tmp`;

/**
 * One process per data directory. The lock file records pid, host, boot id and the process's start time; a
 * lock whose process is gone (a crash, a kill -9, a reboot that gave its pid to another program) is stale and
 * taken over, so a crash never blocks the next start.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static async acquire(dir: string, disk: Disk): Promise<DataDirLock> {
    const file = path.join(dir, LOCK_NAME);
    const info: LockInfo = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      boot: bootId(),
      started: processStart(process.pid),
    };
    // The lock appears with its content in one step (written aside, then hard-linked into place), so a lock
    // that cannot be read or parsed was torn by a crash: stale, never a rival still writing it.
    const draft = lockDraft(file, process.pid);
    try {
      // Inside the try: a full disk can leave the draft behind empty.
      await disk.replace(draft, JSON.stringify(info));
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await link(draft, file);
          return new DataDirLock(file);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const holder = await readFile(file, 'utf8')
          .then((t) => LockInfoSchema.parse(JSON.parse(t)))
          .catch((): LockInfo => ({}));
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

  private static refuseIfHeld(dir: string, holder: LockInfo, info: LockInfo): void {
    const sameHost = holder.host === undefined || holder.host === info.host;
    // A restarted container often gets its old pid back: a lock with our own pid, older than this process, is ours
    // from before the crash.
    const ours = holder.pid === process.pid && Date.parse(holder.since ?? '') < Date.now() - process.uptime() * 1000;
    if (sameHost && !ours && ownerRunning(holder)) {
      throw new DataDirLockedError(dir, `pid ${holder.pid} since ${holder.since ?? '?'}`);
    }
    if (!sameHost) throw new DataDirLockedError(dir, `host ${holder.host}, pid ${holder.pid}`);
  }

  /** A lock draft of another starter that is still running (it may be about to link it): not to be removed. */
  static isLiveDraft(name: string): boolean {
    const pid = Number(/^bot\.lock\.(\d+)\.tmp$/.exec(name)?.[1]);
    return Number.isInteger(pid) && pid !== process.pid && alive(pid);
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => {});
  }
}
