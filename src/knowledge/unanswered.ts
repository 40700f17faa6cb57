import { z } from 'zod';
import type { StoredJournal, StoredJournalSpec } from '../storage/store.js';
import { phraseKey } from './load.js';

export const UnansweredRecordSchema = z.object({
  at: z.string(),
  question: z.string(),
  outcome: z.enum(['clarify', 'none']),
  platform: z.string(),
  /** The off-topic topic the bot referred the asker to (knowledge/off-topic.yaml), if any. */
  offTopic: z.string().optional(),
  /** How many times it was asked, for a line that sums up earlier ones (written by compaction); 1 when absent. */
  count: z.number().int().positive().optional(),
});
export type UnansweredRecord = z.infer<typeof UnansweredRecordSchema>;
/** Where the questions are stored (exported for `store:copy`). */
export const UNANSWERED_JOURNAL: StoredJournalSpec<UnansweredRecord> = { name: 'unanswered.jsonl', schema: UnansweredRecordSchema };

export interface UnansweredSummary {
  question: string;
  count: number;
  last: string;
  outcome: UnansweredRecord['outcome'];
  offTopic?: string | undefined;
  platform: string;
}

export interface UnansweredLimits {
  /** Distinct questions kept; past it the least asked (then the oldest) are forgotten. */
  maxQuestions: number;
  /** Lines beyond one per question the journal may hold before it is rewritten as one line per question. */
  slack: number;
}

const DEFAULT_LIMITS: UnansweredLimits = { maxQuestions: 5_000, slack: 10_000 };

const rank = (a: UnansweredSummary, b: UnansweredSummary) => b.count - a.count || b.last.localeCompare(a.last);

/**
 * Questions the bot could not answer outright, so admins can grow the knowledge base. Each is one append to a
 * journal; the counts are kept in memory, grouped by the question's normal form. Both stay bounded: at most
 * `maxQuestions` groups, and once the journal holds `slack` lines more than there are groups it is rewritten
 * with one line per group carrying its count (at a start, or while running).
 */
export class UnansweredLog {
  private readonly groups = new Map<string, UnansweredSummary>();
  private lines = 0;

  private constructor(
    private readonly journal: StoredJournal<UnansweredRecord>,
    private readonly limits: UnansweredLimits,
  ) {}

  static async open(journal: StoredJournal<UnansweredRecord>, limits: Partial<UnansweredLimits> = {}): Promise<UnansweredLog> {
    const log = new UnansweredLog(journal, { ...DEFAULT_LIMITS, ...limits });
    log.lines = await journal.each((record) => log.count(record));
    await log.compactIfGrown();
    return log;
  }

  async record(record: UnansweredRecord): Promise<void> {
    await this.journal.append([record]);
    this.lines++;
    this.count(record);
    await this.compactIfGrown();
  }

  /** Most asked first; among equals, most recent first. */
  top(limit = 20): UnansweredSummary[] {
    return [...this.groups.values()].sort(rank).slice(0, limit);
  }

  private async compactIfGrown(): Promise<void> {
    if (this.lines <= this.groups.size + this.limits.slack) return;
    await this.journal.rewrite(this.top(Infinity).map(({ question, count, last, outcome, offTopic, platform }) => ({ at: last, question, outcome, platform, offTopic, count })));
    this.lines = this.groups.size;
  }

  private count(record: UnansweredRecord): void {
    const key = phraseKey(record.question);
    const times = record.count ?? 1;
    const group = this.groups.get(key);
    if (group) {
      group.count += times;
      if (record.at >= group.last) Object.assign(group, { last: record.at, question: record.question, outcome: record.outcome, offTopic: record.offTopic, platform: record.platform });
      return;
    }
    this.groups.set(key, { question: record.question, count: times, last: record.at, outcome: record.outcome, offTopic: record.offTopic, platform: record.platform });
    // A tenth over the cap, the tail goes at once: a flood of distinct questions costs one sort per 500, not per message.
    if (this.groups.size > this.limits.maxQuestions * 1.1) {
      const forgotten = [...this.groups].sort(([, a], [, b]) => rank(a, b)).slice(this.limits.maxQuestions);
      for (const [dropped] of forgotten) this.groups.delete(dropped);
    }
  }
}
