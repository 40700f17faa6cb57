import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDocument } from '../../src/storage/document.js';
import { DataDirLockedError, DataFileError } from '../../src/storage/errors.js';
import { Journal } from '../../src/storage/journal.js';
import { LOCK_NAME } from '../../src/storage/lock.js';
import { FileStore } from '../../src/storage/file/file-store.js';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'bot-storage-'));
const Notes = z.object({ notes: z.array(z.string()) });

describe('data-dir lock', () => {
  it('refuses a second owner and frees the dir on close', async () => {
    const dir = await tempDir();
    const first = await FileStore.open(dir);
    await expect(FileStore.open(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await first.close();
    const second = await FileStore.open(dir);
    await second.close();
  });

  it('takes over a stale lock left by a process that died', async () => {
    const dir = await tempDir();
    // A real pid that is certainly gone: a child that has already exited.
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.on('exit', r));
    await writeFile(
      path.join(dir, LOCK_NAME),
      JSON.stringify({ pid: child.pid, host: (await import('node:os')).hostname(), since: 'yesterday' }),
    );
    const store = await FileStore.open(dir);
    expect(JSON.parse(await readFile(path.join(dir, LOCK_NAME), 'utf8')).pid).toBe(process.pid);
    await store.close();
  });

  it('takes over an empty lock (a crash right after creating it) and one with its own pid from before it started', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, LOCK_NAME), '');
    await (await FileStore.open(dir)).close();
    // A restarted container often gets the same pid back.
    const host = (await import('node:os')).hostname();
    await writeFile(path.join(dir, LOCK_NAME), JSON.stringify({ pid: process.pid, host, since: '2020-01-01T00:00:00.000Z' }));
    const store = await FileStore.open(dir);
    await expect(FileStore.open(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await store.close();
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('documents', () => {
  it('round-trips through lowdb with a schema version, leaving no temporary files', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'notes.json');
    const db = await openDocument({ file, schema: Notes, version: 1, defaults: () => ({ notes: [] }) });
    await db.change((data) => data.notes.push('橘子'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, data: { notes: ['橘子'] } });
    const again = await openDocument({ file, schema: Notes, version: 1, defaults: () => ({ notes: [] }) });
    expect(again.data.notes).toEqual(['橘子']);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the last write when writes overlap (serialised, never out of order)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'notes.json');
    const db = await openDocument({ file, schema: Notes, version: 1, defaults: () => ({ notes: [] }) });
    const writes = [];
    for (let i = 0; i < 20; i++) {
      writes.push(db.change((data) => data.notes.push(String(i))));
    }
    await Promise.all(writes);
    expect(JSON.parse(await readFile(file, 'utf8')).data.notes).toHaveLength(20);
    // A big write then a tiny one: unserialised, the tiny one would land first and the big one overwrite it.
    const big = db.change((data) => (data.notes = ['x'.repeat(5_000_000)]));
    await Promise.all([big, db.change((data) => (data.notes = ['最后']))]);
    expect(JSON.parse(await readFile(file, 'utf8')).data.notes).toEqual(['最后']);
  });

  it('refuses a corrupt file, names it, and leaves it byte for byte', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'notes.json');
    const broken = '{"version":1,"data":{"notes":["橘子"';
    await writeFile(file, broken);
    const open = openDocument({ file, schema: Notes, version: 1, defaults: () => ({ notes: [] }) });
    await expect(open).rejects.toBeInstanceOf(DataFileError);
    await expect(open).rejects.toThrow(file);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('refuses data that does not match the schema, and files from a newer version', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'notes.json');
    await writeFile(file, JSON.stringify({ version: 1, data: { notes: [1] } }));
    await expect(openDocument({ file, schema: Notes, version: 1, defaults: () => ({ notes: [] }) })).rejects.toThrow(/data\.notes\.0/);
    await writeFile(file, JSON.stringify({ version: 3, data: { notes: [] } }));
    await expect(openDocument({ file, schema: Notes, version: 2, defaults: () => ({ notes: [] }) })).rejects.toThrow(/newer/);
  });

  it('refuses to write a state the next read would refuse, keeping the last good file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'notes.json');
    const db = await openDocument({ file, schema: Notes, version: 1, defaults: () => ({ notes: [] }) });
    await db.change((data) => data.notes.push('橘子'));
    const good = await readFile(file, 'utf8');
    await expect(db.change((data) => (data.notes as unknown[]).push({}))).rejects.toThrow(/not saved.*data\.notes\.1/);
    expect(await readFile(file, 'utf8')).toBe(good);
    // Memory is as it was, and the queue is not stuck behind the refused write.
    expect(db.data.notes).toEqual(['橘子']);
    await db.change((data) => data.notes.push('苹果'));
    expect(JSON.parse(await readFile(file, 'utf8')).data.notes).toEqual(['橘子', '苹果']);
  });

  it('migrates an old version on read', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'notes.json');
    await writeFile(file, JSON.stringify({ version: 1, data: { list: 'a,b' } }));
    const db = await openDocument({
      file,
      schema: Notes,
      version: 2,
      migrations: [(old) => ({ notes: String((old as { list: string }).list).split(',') })],
      defaults: () => ({ notes: [] }),
    });
    expect(db.data.notes).toEqual(['a', 'b']);
  });
});

describe('atomic writes', () => {
  it('leaves the old or the new file when the process is killed mid-write, never a torn one', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'big.json');
    // A child rewrites a large document in a loop; we kill it at a random moment, several times.
    const script = `
      import { openDocument } from ${JSON.stringify(path.resolve('src/storage/document.ts'))};
      import { z } from 'zod';
      const db = await openDocument({ file: ${JSON.stringify(file)}, schema: z.object({ n: z.number(), pad: z.string() }), version: 1, defaults: () => ({ n: 0, pad: 'x'.repeat(2_000_000) }) });
      process.stdout.write('ready\\n');
      for (;;) await db.change((data) => data.n++);
    `;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 200));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const text = await readFile(file, 'utf8');
      const parsed = JSON.parse(text) as { version: number; data: { n: number; pad: string } };
      expect(parsed.version).toBe(1);
      expect(parsed.data.pad).toHaveLength(2_000_000);
    }
  });
});

describe('journal', () => {
  const Row = z.object({ n: z.number() });

  it('appends and reads back, and cuts a tail torn by a crash before appending again', async () => {
    const dir = await tempDir();
    const journal = new Journal(path.join(dir, 'rows.jsonl'), Row);
    await journal.append([{ n: 1 }, { n: 2 }]);
    await writeFile(journal.file, (await readFile(journal.file, 'utf8')) + '{"n":3');
    expect(await journal.readAll()).toEqual([{ n: 1 }, { n: 2 }]);
    await journal.append([{ n: 4 }]);
    expect(await journal.readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
  });

  it('keeps a whole last record that lost its newline (a hand edit), and appends after it', async () => {
    const dir = await tempDir();
    const journal = new Journal(path.join(dir, 'rows.jsonl'), Row);
    await writeFile(journal.file, '{"n":1}\n{"n":2}');
    expect(await journal.readAll()).toEqual([{ n: 1 }, { n: 2 }]);
    await journal.append([{ n: 3 }]);
    expect(await journal.readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('refuses a journal damaged in the middle and leaves it alone', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'rows.jsonl');
    const damaged = '{"n":1}\nGARBAGE\n{"n":2}\n';
    await writeFile(file, damaged);
    await expect(new Journal(file, Row).readAll()).rejects.toThrow(/line 2/);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });
});
