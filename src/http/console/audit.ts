import { z } from 'zod';
import type { Journal } from '../../storage/journal.js';

export const AuditRecordSchema = z.object({
  at: z.iso.datetime(),
  /** `platform:id` of the admin who acted in the console. */
  admin: z.string(),
  action: z.string(),
  detail: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

const SHOWN = 500;

/** Every console action with who and when (操作记录), appended to a journal; the newest are kept to show. */
export class AuditLog {
  private recent: AuditRecord[] = [];

  private constructor(private readonly journal: Journal<AuditRecord>) {}

  static async open(journal: Journal<AuditRecord>): Promise<AuditLog> {
    const log = new AuditLog(journal);
    log.recent = (await journal.readAll()).slice(-SHOWN);
    return log;
  }

  async record(record: AuditRecord): Promise<void> {
    await this.journal.append([record]);
    this.recent.push(record);
    if (this.recent.length > SHOWN) this.recent.shift();
  }

  /** Newest first. */
  list(): readonly AuditRecord[] {
    return [...this.recent].reverse();
  }
}
