import type { z } from 'zod';
import { collect, decodeDocument, decodeRecord } from '../codec.js';
import { Document, NewerState } from '../document.js';
import { NotSavedError } from '../errors.js';
import {
  type AppendOptions,
  type DocumentSpec,
  type JournalOptions,
  type Store,
  type StoredDocument,
  type StoredJournal,
} from '../store.js';
import { LocalCoordination } from './coordination.js';

/**
 * What a MemoryStore keeps. Held apart from the store so that a test can close a store and open another on the same
 * contents (a restart), or open two at once (two processes on one database).
 */
export class MemoryDatabase {
  readonly documents = new Map<string, { version: number; json: string; revision: number }>();
  readonly journals = new Map<string, string[]>();
  readonly coordination = new LocalCoordination();
  /** While set, every write and append fails with it and changes nothing: a full disk, for tests. */
  fault?: Error;

  failIfFull(): void {
    if (this.fault) throw this.fault;
  }
}

/**
 * A store in memory for unit tests (hubot's datastores/Memory, grammY's MemorySessionStorage). Everything is kept as
 * JSON text, so a caller's later change to an object never leaks into the store, and every read and write goes
 * through the same schema checks as the real stores.
 */
export class MemoryStore implements Store {
  readonly description = 'memory';

  constructor(
    readonly database = new MemoryDatabase(),
    /** Whether it acts like a database other processes share: tests of leader election set it. */
    readonly shared = false,
  ) {}

  async document<S extends z.ZodType>(name: string, spec: DocumentSpec<S>): Promise<StoredDocument<z.infer<S>>> {
    const where = `memory:${name}`;
    const database = this.database;
    const stored = database.documents.get(name);
    const data = stored ? decodeDocument(where, stored.version, JSON.parse(stored.json), spec) : spec.defaults();
    // Like the database: a write over another store's newer write is refused and brings that state in.
    let revision = stored?.revision ?? 0;
    const save = async (state: z.infer<S>) => {
      database.failIfFull();
      const current = database.documents.get(name);
      if (current && current.revision !== revision) {
        revision = current.revision;
        throw new NewerState(decodeDocument(where, current.version, JSON.parse(current.json), spec));
      }
      database.documents.set(name, { version: spec.version, json: JSON.stringify(state), revision: ++revision });
    };
    return new Document(data, where, spec, save, name);
  }

  journal<T>(name: string, schema: z.ZodType<T>, options: JournalOptions = {}): StoredJournal<T> {
    const lines = () => {
      let list = this.database.journals.get(name);
      if (!list) this.database.journals.set(name, (list = []));
      return list;
    };
    const where = `memory:${name}`;
    const database = this.database;
    const each = async (visit: (record: T) => void) => {
      const list = lines();
      list.forEach((line, index) => visit(decodeRecord(where, schema, JSON.parse(line), index + 1)));
      return list.length;
    };
    return database.coordination.guarded<T>(
      {
        where,
        each,
        readAll: () => collect(each),
        async append(records: T[], _options?: AppendOptions) {
          try {
            database.failIfFull();
          } catch (err) {
            throw new NotSavedError(where, err);
          }
          lines().push(...records.map((r) => JSON.stringify(r)));
        },
        async rewrite(records: T[]) {
          database.failIfFull();
          lines().splice(0, Infinity, ...records.map((r) => JSON.stringify(r)));
        },
      },
      options.guard,
    );
  }

  lease(name: string) {
    return this.database.coordination.lease(name);
  }

  claim(scope: string, id: string, keepMs?: number): Promise<boolean> {
    return this.database.coordination.claim(scope, id, keepMs);
  }

  async close(): Promise<void> {}
}
