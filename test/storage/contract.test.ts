import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DataFileError, NotSavedError } from '../../src/storage/errors.js';
import { DocumentConflictError, LeaseLostError, type DocumentSpec, type Store } from '../../src/storage/store.js';
import { fileKind, memoryKind, pgliteKind, postgresKind, postgresUrl, type FullDisk, type StoreKind } from '../helpers/stores.js';

/**
 * One contract for every store: what the bot relies on, checked on memory, files, PGlite and the real PostgreSQL
 * server the test setup found or started.
 */
const kinds: StoreKind[] = [memoryKind, fileKind, pgliteKind(), postgresKind(postgresUrl())];

const Notes = z.object({ notes: z.array(z.string()) });
const notes: DocumentSpec<typeof Notes> = { schema: Notes, version: 1, defaults: () => ({ notes: [] }) };
const Row = z.object({ n: z.number() });
const Counter = z.object({ items: z.array(z.object({ text: z.string() })), next: z.number() });
const counter: DocumentSpec<typeof Counter> = { schema: Counter, version: 1, defaults: () => ({ items: [], next: 1 }) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(kinds)('store contract: $name', (kind) => {
  afterAll(() => kind.dispose());

  /** Runs `check` on a fresh store and closes every store it opened, whatever happens. */
  async function withStore(check: (store: Store, again: () => Promise<Store>, disk: FullDisk) => Promise<void>) {
    const { store, again, disk } = await kind.fresh();
    const opened = [store];
    try {
      await check(
        store,
        async () => {
          const next = await again();
          opened.push(next);
          return next;
        },
        disk,
      );
    } finally {
      for (const s of opened) await s.close().catch(() => {});
    }
  }

  /** The same state seen by a later start: the first store closed (a file store's directory admits one). */
  async function restart(store: Store, again: () => Promise<Store>) {
    await store.close();
    return again();
  }

  it('gives defaults for a missing document, and keeps what was written across a restart', () =>
    withStore(async (store, again) => {
      const doc = await store.document('notes', notes);
      expect(doc.data).toEqual({ notes: [] });
      await doc.change((data) => data.notes.push('橘子', 'apple'));
      const other = await store.document('other', notes);
      expect(other.data.notes).toEqual([]);
      const later = await restart(store, again);
      expect((await later.document('notes', notes)).data.notes).toEqual(['橘子', 'apple']);
    }));

  it('lands overlapping changes in call order, each on the state the one before it saved', () =>
    withStore(async (store, again) => {
      const doc = await store.document('notes', notes);
      const writes = [];
      for (let i = 0; i < 20; i++) writes.push(doc.change((data) => (data.notes = [String(i)])));
      await Promise.all(writes);
      const later = await restart(store, again);
      expect((await later.document('notes', notes)).data.notes).toEqual(['19']);
    }));

  it('refuses to write a state its schema refuses, and keeps the last good one', () =>
    withStore(async (store, again) => {
      const doc = await store.document('notes', notes);
      await doc.change((data) => data.notes.push('good'));
      const refused = doc.change((data) => (data.notes as unknown[]).push(42));
      await expect(refused).rejects.toBeInstanceOf(NotSavedError);
      await expect(refused).rejects.toThrow(/data\.notes\.1/);
      // Memory is as it was, and the next change is not stuck behind the refused one.
      expect(doc.data.notes).toEqual(['good']);
      const later = await restart(store, again);
      expect((await later.document('notes', notes)).data.notes).toEqual(['good']);
    }));

  it('leaves the data as it was when a change throws, and objects keep their identity', () =>
    withStore(async (store) => {
      const doc = await store.document('notes', notes);
      await doc.change((data) => data.notes.push('kept'));
      const list = doc.data.notes;
      const failed = doc.change((data) => {
        data.notes.push('half');
        throw new Error('a bug halfway through');
      });
      await expect(failed).rejects.toThrow('a bug halfway through');
      expect(doc.data.notes).toEqual(['kept']);
      expect(doc.data.notes).toBe(list);
    }));

  it('on a full disk: a change is not saved, the user is told so, and nothing of it is live or saved later', () =>
    withStore(async (store, again, disk) => {
      const doc = await store.document('counter', counter);
      await doc.change((data) => data.items.push({ text: `#${data.next++}` }));
      const first = doc.data.items[0]!;
      await disk.fill();
      for (let i = 0; i < 2; i++) {
        const failed = doc.change((data) => {
          data.items.push({ text: `#${data.next++}` });
          data.items[0]!.text = 'changed';
        });
        await expect(failed).rejects.toBeInstanceOf(NotSavedError);
        await expect(failed).rejects.toThrow(/disk is full/);
      }
      expect(doc.data).toEqual({ items: [{ text: '#1' }], next: 2 });
      expect(doc.data.items[0]).toBe(first);
      await disk.free();
      // Nothing of the failed changes comes back with the next write.
      await doc.change((data) => data.items.push({ text: `#${data.next++}` }));
      const later = await restart(store, again);
      expect((await later.document('counter', counter)).data).toEqual({ items: [{ text: '#1' }, { text: '#2' }], next: 3 });
    }));

  it('on a full disk: an append adds nothing and says not saved, a rewrite keeps the old records, both work again after', () =>
    withStore(async (store, again, disk) => {
      const journal = store.journal('rows', Row);
      await journal.append([{ n: 1 }]);
      await disk.fill();
      const failed = journal.append([{ n: 2 }, { n: 3 }]);
      await expect(failed).rejects.toBeInstanceOf(NotSavedError);
      await expect(failed).rejects.toThrow(/disk is full/);
      await expect(journal.rewrite([{ n: 9 }])).rejects.toThrow();
      await disk.free();
      expect(await journal.readAll()).toEqual([{ n: 1 }]);
      await journal.append([{ n: 4 }]);
      const later = await restart(store, again);
      expect(await later.journal('rows', Row).readAll()).toEqual([{ n: 1 }, { n: 4 }]);
    }));

  it('migrates an older version when read, and refuses one written by a newer bot', () =>
    withStore(async (store, again) => {
      const v1 = z.object({ items: z.array(z.string()) });
      const old = await store.document('notes', { schema: v1, version: 1, defaults: () => ({ items: [] }) });
      await old.change((data) => data.items.push('kept'));
      let later = await restart(store, again);
      const v2 = { ...notes, version: 2, migrations: [(d: unknown) => ({ notes: (d as { items: string[] }).items })] };
      const upgraded = await later.document('notes', v2);
      expect(upgraded.data.notes).toEqual(['kept']);
      await upgraded.change(() => {});
      later = await restart(later, again);
      await expect(later.document('notes', notes)).rejects.toThrow(/newer bot/);
    }));

  it('reads a journal back in append order, overlapping appends included, across a restart', () =>
    withStore(async (store, again) => {
      const journal = store.journal('rows', Row);
      expect(await journal.readAll()).toEqual([]);
      const appends = [];
      for (let n = 0; n < 100; n++) appends.push(journal.append([{ n }], { sync: n % 10 === 0 }));
      await Promise.all(appends);
      await journal.append([]);
      await store.journal('others', Row).append([{ n: -1 }]);
      const later = await restart(store, again);
      expect((await later.journal('rows', Row).readAll()).map((r) => r.n)).toEqual(Array.from({ length: 100 }, (_, n) => n));
    }));

  it('hands a long journal to each() record by record, in order, and counts them', () =>
    withStore(async (store) => {
      const journal = store.journal('rows', Row);
      const total = 2_500;
      await journal.append(Array.from({ length: total }, (_, n) => ({ n })));
      let expected = 0;
      const count = await journal.each(({ n }) => expect(n).toBe(expected++));
      expect(count).toBe(total);
      expect(expected).toBe(total);
    }));

  it('rewrites a journal at once, appends after it following the new records', () =>
    withStore(async (store, again) => {
      const journal = store.journal('rows', Row);
      await journal.append([{ n: 1 }, { n: 2 }, { n: 3 }]);
      await journal.rewrite([{ n: 3 }]);
      await journal.append([{ n: 4 }]);
      const later = await restart(store, again);
      expect(await later.journal('rows', Row).readAll()).toEqual([{ n: 3 }, { n: 4 }]);
    }));

  it('refuses journal records that do not match the schema they are read with, naming the record', () =>
    withStore(async (store) => {
      const loose = store.journal('rows', z.object({ n: z.unknown() }));
      await loose.append([{ n: 1 }, { n: 'two' }]);
      const read = store.journal('rows', Row).readAll();
      await expect(read).rejects.toThrow(/2/);
      await expect(read).rejects.toBeInstanceOf(DataFileError);
    }));

  it('gives a lease to one holder at a time, renews it for that holder, and frees it on release or expiry', () =>
    withStore(async (store) => {
      const lease = store.lease('leader');
      expect(await lease.acquire('a', 60_000)).toBe(true);
      expect(await lease.acquire('b', 60_000)).toBe(false);
      expect(await lease.acquire('a', 60_000)).toBe(true);
      expect((await lease.current())?.holder).toBe('a');
      expect(await store.lease('other').acquire('b', 60_000)).toBe(true);
      await lease.release('b');
      expect((await lease.current())?.holder).toBe('a');
      await lease.release('a');
      expect(await lease.current()).toBeUndefined();
      expect(await lease.acquire('b', 150)).toBe(true);
      expect(await lease.acquire('a', 60_000)).toBe(false);
      // b does not renew: its lease runs out.
      await sleep(300);
      expect(await lease.current()).toBeUndefined();
      expect(await lease.acquire('a', 60_000)).toBe(true);
    }));

  it('refuses a guarded append once its lease is held by another, adding nothing', () =>
    withStore(async (store) => {
      const lease = store.lease('leader');
      const journal = store.journal('rows', Row, { guard: { lease: 'leader', holder: 'a' } });
      await expect(journal.append([{ n: 0 }])).rejects.toBeInstanceOf(LeaseLostError);
      expect(await lease.acquire('a', 150)).toBe(true);
      await journal.append([{ n: 1 }, { n: 2 }]);
      await sleep(300);
      expect(await lease.acquire('b', 60_000)).toBe(true);
      await expect(journal.append([{ n: 3 }])).rejects.toBeInstanceOf(LeaseLostError);
      expect(await journal.readAll()).toEqual([{ n: 1 }, { n: 2 }]);
    }));

  it('lets only the first claim of an id win, per scope, until the claim expires', () =>
    withStore(async (store) => {
      expect(await store.claim('telegram-update', '17')).toBe(true);
      expect(await store.claim('telegram-update', '17')).toBe(false);
      expect(await store.claim('other', '17')).toBe(true);
      expect(await store.claim('telegram-update', '18', 100)).toBe(true);
      await sleep(250);
      expect(await store.claim('telegram-update', '18')).toBe(true);
      expect(await store.claim('telegram-update', '17')).toBe(false);
    }));

  it.runIf(kind.shared)('shared by two processes: one lease holder, one claim winner, no write lost unseen', () =>
    withStore(async (first, again) => {
      const second = await again();
      expect(await first.lease('leader').acquire('p1', 60_000)).toBe(true);
      expect(await second.lease('leader').acquire('p2', 60_000)).toBe(false);
      expect((await second.lease('leader').current())?.holder).toBe('p1');
      const claims = await Promise.all([first.claim('u', '1'), second.claim('u', '1')]);
      expect(claims.filter(Boolean)).toHaveLength(1);

      const mine = await first.document('notes', notes);
      const theirs = await second.document('notes', notes);
      await mine.change((data) => data.notes.push('from p1'));
      const conflict = theirs.change((data) => data.notes.push('from p2'));
      await expect(conflict).rejects.toBeInstanceOf(DocumentConflictError);
      // Not saved, so the user hears so.
      await expect(conflict).rejects.toBeInstanceOf(NotSavedError);
      // The refused process now holds the other's state and can apply its change again.
      expect(theirs.data.notes).toEqual(['from p1']);
      await theirs.change((data) => data.notes.push('from p2'));
      const third = await again();
      expect((await third.document('notes', notes)).data.notes).toEqual(['from p1', 'from p2']);
    }),
  );
});
