import { appendFile, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import { DataFileError } from './errors.js';

export interface AppendOptions {
  /**
   * Flush to disk before resolving. For write-ahead marks ("about to send"): without it a power cut could lose
   * the mark while the message went out. A killed process loses nothing either way (the kernel has the data).
   */
  sync?: boolean;
}

/**
 * An append-only JSON-lines file for records that arrive often (unanswered questions, delivery rows):
 * each record costs one small append instead of rewriting a document. A crash can tear only the last line,
 * which is cut off on read (it was never acknowledged); a bad line anywhere else means the file was damaged
 * and stops the start.
 *
 * Appends go through one open file handle, one at a time and in call order, so lines never interleave.
 */
export class Journal<T> {
  private handle?: Promise<FileHandle>;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  async readAll(): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    // Every append ends with a newline, so text after the last one is a write a crash cut short (or a hand edit).
    const end = text.lastIndexOf('\n') + 1;
    const records: T[] = [];
    text
      .slice(0, end)
      .split('\n')
      .forEach((line, index) => {
        if (!line.trim()) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          throw new DataFileError(this.file, `line ${index + 1} is not valid JSON`);
        }
        const result = this.schema.safeParse(parsed);
        if (!result.success) throw new DataFileError(this.file, `line ${index + 1} does not match the schema (${result.error.issues[0]?.message})`);
        records.push(result.data);
      });
    if (end < text.length) {
      // A whole record without its newline (a file saved by an editor that drops the last one) is kept and ended;
      // anything else there is a write a crash cut short: cut it now, or the next append would glue onto it.
      const tail = this.parseTail(text.slice(end));
      if (tail === undefined) await truncate(this.file, Buffer.byteLength(text.slice(0, end)));
      else {
        records.push(tail);
        await appendFile(this.file, '\n');
      }
    }
    return records;
  }

  private parseTail(line: string): T | undefined {
    try {
      const result = this.schema.safeParse(JSON.parse(line));
      return result.success ? result.data : undefined;
    } catch {
      return undefined;
    }
  }

  append(records: T[], options: AppendOptions = {}): Promise<void> {
    if (!records.length) return this.queue;
    const text = toLines(records);
    return this.enqueue(async () => {
      const handle = await this.open();
      await handle.appendFile(text, 'utf8');
      if (options.sync) await handle.datasync();
    });
  }

  /** Replaces the whole journal atomically (compaction): a crash leaves the old lines or the new, never a mix. */
  rewrite(records: T[]): Promise<void> {
    const text = toLines(records);
    return this.enqueue(async () => {
      // The open handle points at the file being replaced; appends must go to the new one.
      await this.release();
      await writeFileAtomic(this.file, text);
    });
  }

  /** Waits for pending appends and closes the file. Appending again reopens it. */
  close(): Promise<void> {
    return this.enqueue(() => this.release());
  }

  private open(): Promise<FileHandle> {
    this.handle ??= open(this.file, 'a', 0o600);
    // A failed open must not stick: the next append tries again (the disk may have been full for a moment).
    this.handle.catch(() => (this.handle = undefined));
    return this.handle;
  }

  private async release(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle.catch(() => undefined))?.close();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }
}

function toLines(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}
