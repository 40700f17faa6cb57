import path from 'node:path';
import { DataDirLockedError, DataFileError, diskProblem, NotSavedError, StoreUnavailableError } from './storage/errors.js';

export interface StartSettings {
  dataDir: string;
  httpHost: string;
  httpPort?: number;
}

const DATA_DIR_HINTS: Record<string, string> = {
  EACCES: 'give the user the bot runs as write access to it, or point BOT_DATA_DIR elsewhere',
  EPERM: 'give the user the bot runs as write access to it, or point BOT_DATA_DIR elsewhere',
  EROFS: 'it is on a read-only file system; point BOT_DATA_DIR at a writable one (in a container, mount a volume)',
  ENOTDIR: 'a part of the path is a file, not a folder; point BOT_DATA_DIR at a folder',
  EEXIST: 'it is a file, not a folder; point BOT_DATA_DIR at a folder',
};

/**
 * One line an operator can act on for a failure at start that is the machine's or the settings' fault (a port
 * in use, a data folder that cannot be written, a locked or corrupt data file), or undefined for anything else,
 * which is a bug and keeps its stack.
 */
export function explainStartError(err: unknown, settings: StartSettings): string | undefined {
  if (
    err instanceof DataDirLockedError ||
    err instanceof DataFileError ||
    err instanceof NotSavedError ||
    err instanceof StoreUnavailableError
  )
    return err.message;
  if (!(err instanceof Error)) return undefined;
  const { code, syscall, path: file } = err as NodeJS.ErrnoException;
  if (syscall === 'listen' || syscall === 'getaddrinfo') return explainListen(code, settings);
  const disk = diskProblem(err);
  if (disk)
    return `cannot write to the data directory ${settings.dataDir}: ${disk} (${code}). Free some space (or fix the disk) and start again.`;
  if (code && file && DATA_DIR_HINTS[code] && related(file, settings.dataDir)) {
    return `BOT_DATA_DIR ${settings.dataDir} cannot be written (${code} on ${file}): ${DATA_DIR_HINTS[code]}.`;
  }
  return undefined;
}

function explainListen(code: string | undefined, { httpHost, httpPort }: StartSettings): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `BOT_HTTP_PORT ${httpPort} is already in use on ${httpHost}: stop the program that holds it (see \`ss -ltnp\`) or choose another port.`;
    case 'EACCES':
      return `BOT_HTTP_PORT ${httpPort} needs privileges this user lacks: choose a port from 1024 up (a reverse proxy can serve 80 and 443).`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `BOT_HTTP_HOST ${httpHost} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`;
    default:
      return undefined;
  }
}

/** Whether the file is the data folder, inside it, or one of the folders above it (mkdir fails on those). */
function related(file: string, dataDir: string): boolean {
  const a = path.resolve(file);
  const b = path.resolve(dataDir);
  return a === b || a.startsWith(b + path.sep) || b.startsWith(a + path.sep);
}
