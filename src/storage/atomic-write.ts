import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

/**
 * Replaces `file` so that a crash at any moment leaves either the old or the new content, never a torn file:
 * write a temporary file beside it, flush it to disk, rename over the original, flush the directory. `mode` is the
 * new file's (data files are private; a knowledge file edited in place keeps its own).
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await handle.close();
  await rename(tmp, file);
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
