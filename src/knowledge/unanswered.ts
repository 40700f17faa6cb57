import { z } from 'zod';
import type { Journal } from '../storage/journal.js';
import { phraseKey } from './load.js';

export const UnansweredRecordSchema = z.object({
  at: z.string(),
  question: z.string(),
  outcome: z.enum(['clarify', 'none']),
  platform: z.string(),
  /** The off-topic topic the bot referred the asker to (knowledge/off-topic.yaml), if any. */
  offTopic: z.string().optional(),
});
export type UnansweredRecord = z.infer<typeof UnansweredRecordSchema>;

export interface UnansweredSummary {
  question: string;
  count: number;
  last: string;
  outcome: UnansweredRecord['outcome'];
  offTopic?: string | undefined;
}

/**
 * Questions the bot could not answer outright, so admins can grow the knowledge base. Each is one append to a
 * journal; the counts are kept in memory, grouped by the question's normal form.
 */
export class UnansweredLog {
  private readonly groups = new Map<string, UnansweredSummary>();

  private constructor(private readonly journal: Journal<UnansweredRecord>) {}

  static async open(journal: Journal<UnansweredRecord>): Promise<UnansweredLog> {
    const log = new UnansweredLog(journal);
    for (const record of await journal.readAll()) log.count(record);
    return log;
  }

  async record(record: UnansweredRecord): Promise<void> {
    this.count(record);
    await this.journal.append([record]);
  }

  /** Most asked first; among equals, most recent first. */
  top(limit = 20): UnansweredSummary[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || b.last.localeCompare(a.last)).slice(0, limit);
  }

  private count(record: UnansweredRecord): void {
    const key = phraseKey(record.question);
    const group = this.groups.get(key);
    if (group) {
      group.count += 1;
      if (record.at >= group.last) Object.assign(group, { last: record.at, question: record.question, outcome: record.outcome, offTopic: record.offTopic });
    } else {
      this.groups.set(key, { question: record.question, count: 1, last: record.at, outcome: record.outcome, offTopic: record.offTopic });
    }
  }
}
