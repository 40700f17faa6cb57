/** A data file the bot will not touch: it names the file and says why, so the operator can repair it. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}. The file was left untouched; repair or move it, then start again.`);
    this.name = 'DataFileError';
  }
}

/** Another bot process owns the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: string,
  ) {
    super(`${dir} is in use by another bot process (${holder}). Stop it first, or give this one its own BOT_DATA_DIR.`);
    this.name = 'DataDirLockedError';
  }
}

const DISK_PROBLEMS = new Map([
  ['ENOSPC', 'the disk is full'],
  ['EDQUOT', 'the disk quota is used up'],
  ['EROFS', 'the file system is read-only'],
  ['EIO', 'the disk reported an input/output error'],
  // PostgreSQL's SQLSTATE disk_full.
  ['53100', "the database's disk is full"],
]);

/** What an error from a write says about the disk, in words, or undefined when it is not a disk problem. */
export function diskProblem(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? undefined : DISK_PROBLEMS.get(code);
}

/**
 * A change that did not reach the disk. The state in memory was put back as it was, so nothing of the change
 * is live or saved later by someone else's write; the user is told it was not saved.
 */
export class NotSavedError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const reason = diskProblem(cause) ?? (cause instanceof Error ? cause.message : String(cause));
    super(`${file}: not saved (${reason})`, { cause });
    this.name = 'NotSavedError';
  }
}

/** The database BOT_STORE names cannot be reached or refuses the login. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly store: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `BOT_STORE ${store} cannot be used: ${detail}. Check that the server runs and the URL's user, password and database are right.`,
      options,
    );
    this.name = 'StoreUnavailableError';
  }
}
