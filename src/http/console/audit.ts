import { z } from 'zod';
import type { StoredJournal, StoredJournalSpec } from '../../storage/store.js';

export const AuditRecordSchema = z.object({
  at: z.iso.datetime(),
  /** `platform:id` of the admin who acted in the console. */
  admin: z.string(),
  action: z.string(),
  detail: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;
/** Where the console's actions are stored (exported for `store:copy`). */
export const CONSOLE_AUDIT_JOURNAL: StoredJournalSpec<AuditRecord> = { name: 'console-audit.jsonl', schema: AuditRecordSchema };

const SHOWN = 500;

/** Every console action with who and when (操作记录), appended to a journal; the newest are kept to show. */
export class AuditLog {
  private recent: AuditRecord[] = [];

  private constructor(private readonly journal: StoredJournal<AuditRecord>) {}

  static async open(journal: StoredJournal<AuditRecord>): Promise<AuditLog> {
    const log = new AuditLog(journal);
    // Read line by line, keeping only the newest: the journal's length costs no memory.
    await journal.each((record) => {
      log.recent.push(record);
      if (log.recent.length > 2 * SHOWN) log.recent.splice(0, SHOWN);
    });
    log.recent = log.recent.slice(-SHOWN);
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
