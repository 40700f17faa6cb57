/**
 * What a merchant feels of one reply, counted: the right answer at once, a wrong answer, a question back
 * ("您是想问", with or without the right entry among the choices), a "don't know" to a question we cover, and for
 * questions outside our scope, whether the bot declined. One tally for the evaluation (src/knowledge/evaluate.ts),
 * the decision's calibration (scripts/calibrate.ts) and the MiniSearch baseline beside it.
 */
import type { Outcome } from './answerer.js';

export interface OutcomeRates {
  /** In-scope questions counted. */
  inScope: number;
  /** Out-of-scope questions counted. */
  outOfScope: number;
  /** Answered at once with the expected entry (share of in-scope). */
  right: number;
  /** Answered at once with another entry (share of in-scope). */
  wrong: number;
  /** Asked back (share of in-scope). */
  asked: number;
  /** Asked back with the expected entry among the choices (share of in-scope; part of `asked`). */
  askedWithRight: number;
  /** "Don't know" to an in-scope question (share of in-scope). */
  dontKnow: number;
  /** Out-of-scope questions declined (share of out-of-scope). */
  declined: number;
}

export class OutcomeTally {
  private n = 0;
  private oos = 0;
  private right = 0;
  private wrong = 0;
  private asked = 0;
  private askedWithRight = 0;
  private dontKnow = 0;
  private declined = 0;

  /**
   * @param expect the entry that answers the question, null for an out-of-scope one
   * @param shown the answered entry (for `answer`) or the choices (for `clarify`)
   */
  add(expect: string | null, outcome: Outcome, shown: readonly string[]): void {
    if (expect === null) {
      this.oos++;
      if (outcome === 'none') this.declined++;
      return;
    }
    this.n++;
    if (outcome === 'answer') {
      if (shown[0] === expect) this.right++;
      else this.wrong++;
    } else if (outcome === 'clarify') {
      this.asked++;
      if (shown.includes(expect)) this.askedWithRight++;
    } else this.dontKnow++;
  }

  rates(): OutcomeRates {
    const n = this.n || 1;
    return {
      inScope: this.n,
      outOfScope: this.oos,
      right: this.right / n,
      wrong: this.wrong / n,
      asked: this.asked / n,
      askedWithRight: this.askedWithRight / n,
      dontKnow: this.dontKnow / n,
      declined: this.declined / (this.oos || 1),
    };
  }
}
