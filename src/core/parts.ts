import type { SendOutcome } from './adapter.js';

/** What a platform queue answers for the parts after one that was not sent: they were never tried. */
export const NOT_ATTEMPTED: SendOutcome = {
  status: 'failed',
  reason: 'not tried: an earlier part of the message was not sent',
  retryable: true,
};

/**
 * One outcome for a message sent as parts `from`..`total - 1`, from the parts' own outcomes in order: sent when
 * all were, else the first part's trouble, with how many leading parts did go out (PartsProgress). The queues
 * stop a message at its first unsent part, so a later part never arrives after a hole.
 */
export function foldParts(outcomes: readonly SendOutcome[], from: number, total: number): SendOutcome {
  let sent = 0;
  while (sent < outcomes.length && outcomes[sent]!.status === 'sent') sent++;
  const first = outcomes[sent] ?? outcomes[0] ?? { status: 'failed', reason: 'nothing to send', retryable: false };
  if (total <= 1) return first;
  return { ...first, partsSent: from + sent, parts: total };
}

/** True when a message went out only in part: its reader should be told the rest is missing. */
export function isPartial(outcome: SendOutcome): boolean {
  return outcome.status !== 'sent' && outcome.status !== 'gone' && (outcome.partsSent ?? 0) > 0;
}
