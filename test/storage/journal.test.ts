import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Journal } from '../../src/storage/journal.js';
import { FileStore } from '../../src/storage/file/file-store.js';
import { tempDir } from '../helpers/cli.js';

const Row = z.object({ n: z.number() });

describe('journal appends through one open file', () => {
  it('keeps call order when appends overlap, synced or not', async () => {
    const journal = new Journal(path.join(await tempDir('journal-'), 'rows.jsonl'), Row);
    const writes = [];
    for (let n = 0; n < 200; n++) writes.push(journal.append([{ n }], { sync: n % 10 === 0 }));
    await Promise.all(writes);
    expect((await journal.readAll()).map((r) => r.n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    await journal.close();
  });

  it('rewrites atomically, and appends after a rewrite land in the new file', async () => {
    const dir = await tempDir('journal-');
    const journal = new Journal(path.join(dir, 'rows.jsonl'), Row);
    await journal.append([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await journal.rewrite([{ n: 3 }]);
    await journal.append([{ n: 4 }]);
    expect(await readFile(journal.file, 'utf8')).toBe('{"n":3}\n{"n":4}\n');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await journal.close();
  });

  it('reopens after close, and the store closes the journals it handed out', async () => {
    const dir = await tempDir('journal-');
    const journal = new Journal(path.join(dir, 'rows.jsonl'), Row);
    await journal.append([{ n: 1 }]);
    await journal.close();
    await journal.append([{ n: 2 }]);
    await journal.close();
    const store = await FileStore.open(dir);
    const handedOut = store.journal('rows.jsonl', Row);
    await handedOut.append([{ n: 3 }]);
    await store.close();
    expect(await handedOut.readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
});
