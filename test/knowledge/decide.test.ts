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

const at = (entryIndex: number, score: number, coverage = 1, evidence = 30): Candidate => ({ ...entry(score, coverage, evidence), entry: entryIndex });

describe('decide between answering and asking back', () => {
  it('answers a clear first candidate and keeps the close runners-up to show under it', () => {
    const d = decide({ candidates: [at(0, 0.6), at(1, 0.6 * (1 - P.tieMargin) - 0.01), at(2, 0.6 * P.closeRatio - 0.01)] }, false);
    expect(d.outcome).toBe('answer');
    expect(d.outcome === 'answer' && d.runnersUp.map((c) => c.entry)).toEqual([1]);
  });

  it('asks back only for a real tie, with every tied candidate as a choice', () => {
    const d = decide({ candidates: [at(0, 0.6), at(1, 0.6 * (1 - P.tieMargin) + 0.01), at(2, 0.6 * P.closeRatio + 0.01)] }, false);
    expect(d.outcome).toBe('clarify');
    expect(d.outcome === 'clarify' && d.choices.map((c) => c.entry)).toEqual([0, 1, 2]);
  });

  it('never asks back with a single choice: a tied second that fails the coverage guard leaves an answer', () => {
    const d = decide({ candidates: [at(0, 0.6), at(1, 0.59, P.minCoverage / 2)] }, false);
    expect(d.outcome).toBe('answer');
    expect(d.outcome === 'answer' && d.runnersUp).toEqual([]);
  });

  it('never offers a list of one whatever the scores', () => {
    for (const second of [0, 0.05, 0.2, 0.4, 0.59, 0.6]) {
      for (const coverage of [0.1, 0.5, 1]) {
        const d = decide({ candidates: second ? [at(0, 0.6), at(1, second, coverage)] : [at(0, 0.6)] }, false);
        if (d.outcome === 'clarify') expect(d.choices.length).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
