import { z } from 'zod';
import type { Store, StoredDocument, StoredDocumentSpec } from '../storage/store.js';

export const STAT_OUTCOMES = ['answer', 'clarify', 'none', 'referred'] as const;
export type StatOutcome = (typeof STAT_OUTCOMES)[number];

const DaySchema = z.object({
  outcomes: z.object({ answer: z.number(), clarify: z.number(), none: z.number(), referred: z.number() }),
  /** Answers per entry id, for the topics the dashboard and the monthly report show. */
  entries: z.record(z.string(), z.number()),
});
export type DayStats = z.infer<typeof DaySchema>;
const StatsFileSchema = z.object({ days: z.record(z.string(), DaySchema) });

// Two years: enough for a year-on-year monthly report; the file stays a few hundred kilobytes.
const KEEP_DAYS = 730;

/** Where the counts are stored (exported for `store:copy`). */
export const QUESTION_STATS_DOCUMENT = {
  name: 'question-stats.json',
  spec: { schema: StatsFileSchema, version: 1, defaults: () => ({ days: {} }) },
} satisfies StoredDocumentSpec<typeof StatsFileSchema>;

/**
 * How many questions were asked each day and how they ended, for the staff console's dashboard and the monthly
 * report. Counts only: the questions' text is not kept here (the unanswered log keeps the ones staff need).
 */
export class QuestionStats {
  private constructor(private readonly db: StoredDocument<z.infer<typeof StatsFileSchema>>) {}

  static async open(store: Store): Promise<QuestionStats> {
    return new QuestionStats(await store.document(QUESTION_STATS_DOCUMENT.name, QUESTION_STATS_DOCUMENT.spec));
  }

  /** Counts one question of the local day `day` (YYYY-MM-DD); `entry` is the entry answered, if any. */
  async count(day: string, outcome: StatOutcome, entry?: string): Promise<void> {
    await this.db.change(({ days }) => {
      const known = Object.hasOwn(days, day);
      const stats = known ? days[day]! : emptyDay();
      stats.outcomes[outcome]++;
      if (entry) stats.entries[entry] = (Object.hasOwn(stats.entries, entry) ? stats.entries[entry]! : 0) + 1;
      days[day] = stats;
      // Old days can only fall out when a new one starts: not a sort of every day on every question.
      if (!known) for (const key of Object.keys(days).sort().slice(0, -KEEP_DAYS)) delete days[key];
    });
  }

  /** The stats of one local day, zero when nothing was asked. */
  day(day: string): DayStats {
    return Object.hasOwn(this.db.data.days, day) ? this.db.data.days[day]! : emptyDay();
  }
}

function emptyDay(): DayStats {
  return { outcomes: { answer: 0, clarify: 0, none: 0, referred: 0 }, entries: {} };
}
