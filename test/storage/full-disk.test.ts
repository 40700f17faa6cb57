import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDocument } from '../../src/storage/document.js';
import { DataDirLockedError, NotSavedError } from '../../src/storage/errors.js';
import { Journal } from '../../src/storage/journal.js';
import { bootId, LOCK_NAME, processStart } from '../../src/storage/lock.js';
import { FileStore } from '../../src/storage/file/file-store.js';
import { fillableDisk } from '../helpers/disk.js';
import { tempDir } from '../helpers/cli.js';

const Notes = z.object({ notes: z.array(z.object({ text: z.string() })), next: z.number() });

describe('a full disk', () => {
  it('leaves a document as it was, in memory and on disk, and objects keep their identity', async () => {
    const { disk, fill, free } = fillableDisk();
    const file = path.join(await tempDir('disk-'), 'notes.json');
    const db = await openDocument({ file, schema: Notes, version: 1, defaults: () => ({ notes: [], next: 1 }), disk });
    await db.change((data) => data.notes.push({ text: `#${data.next++}` }));
    const first = db.data.notes[0]!;
    fill();
    for (let i = 0; i < 2; i++) {
      const failed = db.change((data) => {
        data.notes.push({ text: `#${data.next++}` });
        data.notes[0]!.text = 'changed';
      });
      await expect(failed).rejects.toBeInstanceOf(NotSavedError);
      await expect(failed).rejects.toThrow(/disk is full/);
    }
    expect(db.data).toEqual({ notes: [{ text: '#1' }], next: 2 });
    expect(db.data.notes[0]).toBe(first);
    free();
    // Nothing of the failed changes comes back with the next write.
    await db.change((data) => data.notes.push({ text: `#${data.next++}` }));
    expect(JSON.parse(await readFile(file, 'utf8')).data).toEqual({ notes: [{ text: '#1' }, { text: '#2' }], next: 3 });
  });

  it('cuts the half line a failed append left, so the journal stays readable', async () => {
    const { disk, fill, free } = fillableDisk();
    const journal = new Journal(path.join(await tempDir('disk-'), 'rows.jsonl'), z.object({ n: z.number() }), disk);
    await journal.append([{ n: 1 }]);
    fill();
    await expect(journal.append([{ n: 2 }, { n: 3 }])).rejects.toThrow(/not saved \(the disk is full\)/);
    free();
    await journal.append([{ n: 4 }]);
    expect(await journal.readAll()).toEqual([{ n: 1 }, { n: 4 }]);
    await journal.close();
  });

  it('at start: the store refuses with the disk error and leaves no lock or draft behind', async () => {
    const { disk, fill } = fillableDisk();
    const dir = await tempDir('disk-');
    fill();
    await expect(FileStore.open(dir, { disk })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('leftovers and the lock', () => {
  it('removes temporary files a crash mid-write left, once the lock is taken', async () => {
    const dir = await tempDir('leftovers-');
    await writeFile(path.join(dir, '.schedule.json.4242.0.tmp'), '{"half');
    await writeFile(path.join(dir, `${LOCK_NAME}.999999999.tmp`), '');
    await writeFile(path.join(dir, 'keep.json'), '{}');
    const store = await FileStore.open(dir);
    expect((await readdir(dir)).sort()).toEqual([LOCK_NAME, 'keep.json']);
    await store.close();
  });

  it('records boot id and start time, and takes over a lock whose pid now names another process', async () => {
    const dir = await tempDir('lock-');
    const store = await FileStore.open(dir);
    const lock = JSON.parse(await readFile(path.join(dir, LOCK_NAME), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, boot: bootId(), started: processStart(process.pid) });
    await store.close();

    // A live process that is not a bot: the pid a reboot or a long uptime can hand to something else.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const base = { pid: other.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' };
      await writeFile(
        path.join(dir, LOCK_NAME),
        JSON.stringify({ ...base, boot: 'a-boot-before-the-last-reboot', started: processStart(other.pid!) }),
      );
      await (await FileStore.open(dir)).close();
      await writeFile(path.join(dir, LOCK_NAME), JSON.stringify({ ...base, boot: bootId(), started: '1' }));
      await (await FileStore.open(dir)).close();
      // The same process as recorded: held.
      await writeFile(path.join(dir, LOCK_NAME), JSON.stringify({ ...base, boot: bootId(), started: processStart(other.pid!) }));
      await expect(FileStore.open(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      other.kill();
    }
  });
});
