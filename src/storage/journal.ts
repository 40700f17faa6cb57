import { appendFile, readFile, truncate } from 'node:fs/promises';
import type { z } from 'zod';
import { DataFileError } from './errors.js';

/**
 * An append-only JSON-lines file for records that arrive often (unanswered questions, delivery rows):
 * each record costs one small append instead of rewriting a document. A crash can tear only the last line,
 * which is cut off on read (it was never acknowledged); a bad line anywhere else means the file was damaged
 * and stops the start.
 */
export class Journal<T> {
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
    // Every append ends with a newline, so text after the last one is a write a crash cut short.
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
    // Cut the torn tail now, or the next append would glue a good record onto it.
    if (end < text.length) await truncate(this.file, Buffer.byteLength(text.slice(0, end)));
    return records;
  }

  async append(records: T[]): Promise<void> {
    if (!records.length) return;
    await appendFile(this.file, records.map((r) => JSON.stringify(r) + '\n').join(''), { encoding: 'utf8', mode: 0o600 });
  }
}
