import { createReadStream } from 'node:fs';
import { appendFile, open, truncate, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { z } from 'zod';
import { collect } from './codec.js';
import { realDisk, type Disk } from './disk.js';
import { DataFileError, NotSavedError } from './errors.js';

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
    private readonly disk: Disk = realDisk,
  ) {}

  get where(): string {
    return this.file;
  }

  /** Every record, in file order. Same as `each` collecting into an array. */
  readAll(): Promise<T[]> {
    return collect((visit) => this.each(visit));
  }

  /**
   * Hands each record to `visit`, in file order, reading the file in chunks: a journal that grew large costs
   * the memory of what `visit` keeps, never the whole file at once. Returns the number of records.
   */
  async each(visit: (record: T) => void): Promise<number> {
    const decoder = new StringDecoder('utf8');
    let partial = '';
    let lineNo = 0;
    // Bytes up to the end of the last complete line: where a torn tail is cut.
    let complete = 0;
    let count = 0;
    try {
      for await (const chunk of createReadStream(this.file) as AsyncIterable<Buffer>) {
        const lines = (partial + decoder.write(chunk)).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          lineNo++;
          complete += Buffer.byteLength(line) + 1;
          if (!line.trim()) continue;
          visit(this.parseLine(line, lineNo));
          count++;
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    partial += decoder.end();
    // Every append ends with a newline, so text after the last one is a write a crash cut short (or a hand edit).
    if (partial) {
      // A whole record without its newline (a file saved by an editor that drops the last one) is kept and ended;
      // anything else there is a write a crash cut short: cut it now, or the next append would glue onto it.
      const tail = this.parseTail(partial);
      if (tail === undefined) await truncate(this.file, complete);
      else {
        visit(tail);
        count++;
        await appendFile(this.file, '\n');
      }
    }
    return count;
  }

  private parseLine(line: string, lineNo: number): T {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new DataFileError(this.file, `line ${lineNo} is not valid JSON`);
    }
    const result = this.schema.safeParse(parsed);
    if (!result.success)
      throw new DataFileError(this.file, `line ${lineNo} does not match the schema (${result.error.issues[0]?.message})`);
    return result.data;
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
      const size = (await handle.stat()).size;
      try {
        await this.disk.append(handle, text, options.sync === true);
      } catch (err) {
        // A full disk can take half a line: cut it, or the next append would glue onto it and damage the file.
        await handle.truncate(size).catch(() => {});
        throw new NotSavedError(this.file, err);
      }
    });
  }

  /** Replaces the whole journal atomically (compaction): a crash leaves the old lines or the new, never a mix. */
  rewrite(records: T[]): Promise<void> {
    const text = toLines(records);
    return this.enqueue(async () => {
      // The open handle points at the file being replaced; appends must go to the new one.
      await this.release();
      await this.disk.replace(this.file, text);
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
