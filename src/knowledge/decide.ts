/**
 * From ranked candidates to one of three outcomes. The rules, in order:
 * 1. none when nothing came close: the best score is under `clarifyMin`, or the best candidate covers
 *    less than `minCoverage` of the question's information or less than `minEvidence` of it in absolute
 *    terms (the weak-overlap guard: "今天天气怎么样" shares no topic word with any entry, "橘子怎么剥皮"
 *    shares only 橘子, "收到" is one everyday word).
 * 2. answer when the best is good enough (`answerMin`) and clearly ahead: the second scores at most
 *    (1 - `margin`) of the first.
 * 3. clarify with up to 3 candidates within `closeRatio` of the best that also pass the coverage guard.
 */
import type { Candidate } from './retrieve.js';

export interface DecisionParams {
  answerMin: number;
  clarifyMin: number;
  margin: number;
  closeRatio: number;
  minCoverage: number;
  /** Minimum information (sum of general idf of covered words) the best candidate must cover. */
  minEvidence: number;
  /** The lower bar when the best candidate covers the whole question (a bare term: 七天无理由退货). */
  minEvidenceFull: number;
  maxChoices: number;
}

// Chosen with scripts/tune.ts (MIN_REJECTION=0.9) after the knowledge grew to 10-16 phrasings per entry: the
// best top-1 that keeps out-of-scope rejection at or above the 90 %, with confident wrong answers rare.
export const DEFAULT_DECISION_PARAMS: DecisionParams = {
  answerMin: 0.15,
  clarifyMin: 0.06,
  margin: 0.5,
  closeRatio: 0.8,
  minCoverage: 0.2,
  minEvidence: 20,
  minEvidenceFull: 8,
  maxChoices: 3,
};

export type Decision =
  | { outcome: 'answer'; best: Candidate }
  | { outcome: 'clarify'; best: Candidate; choices: Candidate[] }
  | { outcome: 'none'; best: Candidate | undefined };

export function decide(candidates: readonly Candidate[], p: DecisionParams = DEFAULT_DECISION_PARAMS): Decision {
  const best = candidates[0];
  if (!best || best.score < p.clarifyMin || best.coverage < p.minCoverage) return { outcome: 'none', best };
  // Evidence is the question's: enough if any close candidate covers enough of it (抖店要啥证 has 抖店
  // in one entry and 证 in its neighbours; together they show the question is about us).
  const close = candidates.filter((c) => c.score >= best.score * p.closeRatio);
  const enough = close.some((c) => c.evidence >= (c.coverage >= 0.95 ? p.minEvidenceFull : p.minEvidence));
  if (!enough) return { outcome: 'none', best };
  const second = candidates[1];
  const clear = !second || second.score <= best.score * (1 - p.margin);
  if (best.score >= p.answerMin && clear) return { outcome: 'answer', best };
  const choices = close.filter((c) => c.score >= p.clarifyMin && c.coverage >= p.minCoverage).slice(0, p.maxChoices);
  return { outcome: 'clarify', best, choices };
}
