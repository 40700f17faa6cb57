import { FileStore, type FileStoreOptions } from './file/file-store.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { Store } from './store.js';

/** A `postgres://` or `postgresql://` URL (BOT_STORE) rather than a directory. */
export const isDatabaseUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/**
 * Opens the store BOT_STORE names: a PostgreSQL database by URL (migrated to the current schema), or a data
 * directory (the default, `BOT_DATA_DIR`; `options.disk` is where its writes go).
 */
export function openStore(target: string, options: FileStoreOptions = {}): Promise<Store> {
  return isDatabaseUrl(target) ? PostgresStore.connect(target) : FileStore.open(target, options);
}
