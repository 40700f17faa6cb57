import type { StoredJournal } from '../../storage/store.js';
import { questionKey, tallyId, tallyKindOf, type AnswerEvent, type AnswerEvents, type LearningLine, type Tally, type TallyKind, type Verdict } from './records.js';

export interface LearningLimits {
  /** Tallies kept; beyond it the least recently seen go at compaction (default 2,000). */
  maxTallies?: number;
  /** Verdicts kept, newest first (default 2,000): an item decided longer ago than that may be proposed again. */
  maxVerdicts?: number;
  /** Raw lines appended before the journal is folded into tallies (default 2,000). */
  compactAfter?: number;
}

/** Distinct askers remembered per tally: proposals need two, the rest is only a count. */
const MAX_USERS = 10;

/**
 * What users did with answers (answer-feedback.jsonl in the data dir): every pick, tap and 有用/没用 is one append;
 * in memory they are folded into tallies by (kind, entry, question's normal form). The journal stays bounded:
 * once `compactAfter` raw lines have piled up (or at open) it is rewritten as its tallies and verdicts, capped to
 * the most recent `maxTallies` and `maxVerdicts`, and tallies already decided are dropped (the verdict keeps them
 * from coming back).
 */
export class LearningLog implements AnswerEvents {
  private readonly tallies = new Map<string, Tally>();
  private readonly verdicts = new Map<string, Verdict>();
  private appended = 0;
  private compacting?: Promise<void>;
  private readonly limits: Required<LearningLimits>;

  private constructor(
    private readonly journal: StoredJournal<LearningLine>,
    limits: LearningLimits,
  ) {
    this.limits = { maxTallies: 2_000, maxVerdicts: 2_000, compactAfter: 2_000, ...limits };
  }

  static async open(journal: StoredJournal<LearningLine>, limits: LearningLimits = {}): Promise<LearningLog> {
    const log = new LearningLog(journal, limits);
    let raw = 0;
    await journal.each((line) => {
      if (line.type === 'event') raw++;
      log.apply(line);
    });
    if (raw > 0 || log.tallies.size > log.limits.maxTallies || log.verdicts.size > log.limits.maxVerdicts) await log.compact();
    return log;
  }

  async record(event: AnswerEvent): Promise<void> {
    this.apply({ type: 'event', ...event });
    await this.append({ type: 'event', ...event });
  }

  /** Remembers an admin's decision on an item (a tally's id), so it is not proposed again. */
  async decide(verdict: Verdict): Promise<void> {
    this.apply({ type: 'verdict', ...verdict });
    await this.append({ type: 'verdict', ...verdict });
  }

  /** Undecided tallies of one kind, most recent first. */
  open(kind: TallyKind): Tally[] {
    return [...this.tallies.entries()]
      .filter(([id, t]) => t.kind === kind && !this.verdicts.has(id))
      .map(([, t]) => t)
      .sort((a, b) => b.last.localeCompare(a.last));
  }

  /** The tally of the same kind, entry and normal form as `event`, if any (tests, admin tools). */
  tallyOf(kind: TallyKind, entry: string, question: string): Tally | undefined {
    return this.tallies.get(tallyId(kind, entry, questionKey(question)));
  }

  private apply(line: LearningLine): void {
    if (line.type === 'verdict') {
      const { type: _type, ...verdict } = line;
      this.verdicts.delete(verdict.item);
      this.verdicts.set(verdict.item, verdict);
      return;
    }
    const incoming: Tally =
      line.type === 'tally'
        ? (({ type: _type, ...tally }) => tally)(line)
        : {
            kind: tallyKindOf(line.kind),
            entry: line.entry,
            key: questionKey(line.question),
            question: line.question,
            count: 1,
            users: [line.user],
            admin: line.admin ?? false,
            first: line.at,
            last: line.at,
          };
    const id = tallyId(incoming.kind, incoming.entry, incoming.key);
    const known = this.tallies.get(id);
    if (!known) {
      this.tallies.set(id, incoming);
      return;
    }
    known.count += incoming.count;
    known.users = [...new Set([...known.users, ...incoming.users])].slice(0, MAX_USERS);
    known.admin ||= incoming.admin;
    if (incoming.first < known.first) known.first = incoming.first;
    if (incoming.last >= known.last) Object.assign(known, { last: incoming.last, question: incoming.question });
  }

  private async append(line: LearningLine): Promise<void> {
    await this.journal.append([line]);
    if (++this.appended >= this.limits.compactAfter) await this.compact();
  }

  // One compaction at a time; appends made meanwhile are already in memory, so the rewrite includes them.
  private compact(): Promise<void> {
    this.compacting ??= (async () => {
      this.appended = 0;
      const verdicts = [...this.verdicts.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, this.limits.maxVerdicts);
      this.verdicts.clear();
      for (const v of verdicts.reverse()) this.verdicts.set(v.item, v);
      for (const id of [...this.tallies.keys()]) if (this.verdicts.has(id)) this.tallies.delete(id);
      const kept = [...this.tallies.entries()].sort(([, a], [, b]) => b.last.localeCompare(a.last)).slice(0, this.limits.maxTallies);
      this.tallies.clear();
      for (const [id, t] of kept) this.tallies.set(id, t);
      await this.journal.rewrite([
        ...[...this.tallies.values()].map((t) => ({ type: 'tally' as const, ...t })),
        ...[...this.verdicts.values()].map((v) => ({ type: 'verdict' as const, ...v })),
      ]);
    })().finally(() => (this.compacting = undefined));
    return this.compacting;
  }
}
