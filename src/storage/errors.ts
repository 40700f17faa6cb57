/** A data file the bot will not touch: it names the file and says why, so the operator can repair it. */
export class DataFileError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}. The file was left untouched; repair or move it, then start again.`);
    this.name = 'DataFileError';
  }
}

/** Another bot process owns the data directory. */
export class DataDirLockedError extends Error {
  constructor(readonly dir: string, readonly holder: string) {
    super(`${dir} is in use by another bot process (${holder}). Stop it first, or give this one its own BOT_DATA_DIR.`);
    this.name = 'DataDirLockedError';
  }
}
