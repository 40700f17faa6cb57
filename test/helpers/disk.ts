import { realDisk, type Disk } from '../../src/storage/disk.js';

export const enospc = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

/**
 * A disk that can be filled up: while full, a replace fails before touching the file (as writeFileAtomic's
 * temporary file would) and an append writes half its text before failing, as a real full disk can.
 */
export function fillableDisk() {
  let full = false;
  const disk: Disk = {
    replace: (file, text) => (full ? Promise.reject(enospc()) : realDisk.replace(file, text)),
    async append(handle, text, sync) {
      if (!full) return realDisk.append(handle, text, sync);
      await handle.appendFile(text.slice(0, Math.ceil(text.length / 2)));
      throw enospc();
    },
  };
  return {
    disk,
    fill: () => void (full = true),
    free: () => void (full = false),
  };
}
