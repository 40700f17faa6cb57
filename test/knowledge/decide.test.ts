import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_DECISION_PARAMS as P } from '../../src/knowledge/decide.js';
import type { Candidate } from '../../src/knowledge/retrieve.js';

const entry = (score: number, coverage = 1, evidence = 30): Candidate => ({ entry: 0, score, match: score, phrase: score, bag: score, coverage, evidence });

describe('decide with an off-topic match', () => {
  it('refers the asker elsewhere when a strong off-topic match beats the entries', () => {
    const d = decide({ candidates: [entry(0.2)], offTopic: { topic: 3, score: 0.5, coverage: 0.9, evidence: 30 } }, false);
    expect(d).toMatchObject({ outcome: 'none', offTopic: 3 });
  });

  it('says a plain "don\'t know", naming no topic, when the off-topic match is weak', () => {
    const weak = { topic: 3, score: 0.5, coverage: P.minCoverage / 2, evidence: 30 };
    const d = decide({ candidates: [entry(0.2)], offTopic: weak }, false);
    expect(d.outcome).toBe('none');
    expect(d).not.toHaveProperty('offTopic');
  });

  it('answers from the entry when the off-topic match is well behind it', () => {
    const d = decide({ candidates: [entry(0.8)], offTopic: { topic: 3, score: 0.8 * P.offTopicRatio * 0.9, coverage: 0.9, evidence: 30 } }, false);
    expect(d.outcome).toBe('answer');
  });
});
