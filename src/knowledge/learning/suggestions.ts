import type { Answerer } from '../answerer.js';
import { phrasingsOf } from '../schema.js';
import type { LearningLog } from './learning-log.js';
import { questionKey, tallyId, type Tally } from './records.js';

/** Distinct askers who must have chosen the same entry for the same question before it is proposed. */
export const ASKERS_TO_PROPOSE = 2;

/** One line of /suggestions: a phrasing to add to an entry, or an answer marked 没用. */
export interface SuggestionItem {
  kind: 'alternate' | 'useless';
  /** The tally's id: what a verdict names. */
  id: string;
  tally: Tally;
}

/**
 * What admins review, proposals first, each group most recent first:
 * - a question whose askers chose the same entry (an ask-back pick, a "您可能还想问" tap) at least
 *   ASKERS_TO_PROPOSE times, or once by an admin, and that is not yet one of the entry's phrasings;
 * - answers marked 没用, with the question they answered.
 * Decided items and entries no longer in the knowledge are left out.
 */
export function suggestionItems(log: LearningLog, answerer: Pick<Answerer, 'entry'> | undefined): SuggestionItem[] {
  const alternates = log
    .open('chose')
    .filter((t) => t.admin || t.users.length >= ASKERS_TO_PROPOSE)
    .filter((t) => {
      const entry = answerer?.entry(t.entry);
      return entry && !phrasingsOf(entry).some((p) => questionKey(p) === t.key);
    });
  const useless = log.open('useless');
  return [
    ...alternates.map((tally) => ({ kind: 'alternate' as const, id: tallyId(tally.kind, tally.entry, tally.key), tally })),
    ...useless.map((tally) => ({ kind: 'useless' as const, id: tallyId(tally.kind, tally.entry, tally.key), tally })),
  ];
}
