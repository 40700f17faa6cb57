import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/knowledge/analyze.js';
import { PhrasingClassifier } from '../../src/knowledge/classifier.js';
import {
  CONFIDENCE_FEATURES,
  confidenceOf,
  DEFAULT_OBJECTIVE,
  fitConfidence,
  type ConfidenceModel,
  type ConfidenceSample,
} from '../../src/knowledge/confidence.js';
import { decide, DEFAULT_DECISION_PARAMS as P } from '../../src/knowledge/decide.js';
import type { Candidate } from '../../src/knowledge/retrieve.js';

const analysis = (...words: string[]): Analysis => ({ normalized: words.join(''), words, subwords: [], bigrams: [], chars: [], concepts: [], english: false });

describe('the phrasing classifier', () => {
  // Three entries and an off-topic class; 营业执照 appears in two entries, so only 抖店 / 淘宝 tell them apart.
  const examples = [
    ...[['抖店', '营业执照'], ['抖店', '开店'], ['抖店', '保证金']].map((w) => ({ analysis: analysis(...w), label: 0 })),
    ...[['淘宝', '营业执照'], ['淘宝', '开店'], ['淘宝', '保证金']].map((w) => ({ analysis: analysis(...w), label: 1 })),
    ...[['退货', '运费'], ['七天', '退货']].map((w) => ({ analysis: analysis(...w), label: 2 })),
    ...[['天气'], ['笑话'], ['红烧肉']].map((w) => ({ analysis: analysis(...w), label: 3 })),
  ];
  const classifier = new PhrasingClassifier(4, examples);

  it('learns which word tells two entries apart', () => {
    const [douyin, taobao] = classifier.probabilities(analysis('抖店', '营业执照'), [0, 1]);
    expect(douyin).toBeGreaterThan(0.8);
    expect(douyin! + taobao!).toBeCloseTo(1, 6);
  });

  it('gives "off-topic" the question made of off-topic words', () => {
    const p = classifier.probabilities(analysis('天气', '笑话'), [0, 1, 2, 3]);
    expect(p.indexOf(Math.max(...p))).toBe(3);
  });

  it('is the same classifier when trained twice (seeded)', () => {
    const again = new PhrasingClassifier(4, examples);
    expect(again.probabilities(analysis('退货'), [0, 1, 2, 3])).toEqual(classifier.probabilities(analysis('退货'), [0, 1, 2, 3]));
  });

  it('refuses a label outside its classes', () => {
    expect(() => new PhrasingClassifier(2, [{ analysis: analysis('x'), label: 2 }])).toThrow(/label 2/);
  });
});

describe('fitting the confidence model', () => {
  // One informative feature (the classifier's share for the first candidate); the rest constant.
  const sample = (pFirst: number, firstIsRight: boolean, inScope = true): ConfidenceSample => {
    const x = CONFIDENCE_FEATURES.map(() => 0.5);
    x[CONFIDENCE_FEATURES.indexOf('p(first)')] = pFirst;
    return { x, firstIsRight, inScope };
  };
  const samples = [
    ...Array.from({ length: 40 }, (_, i) => sample(0.6 + i / 100, true)),
    ...Array.from({ length: 10 }, (_, i) => sample(0.3 + i / 100, false)),
    ...Array.from({ length: 20 }, (_, i) => sample(0.05 + i / 100, false, false)),
  ];
  const model = fitConfidence(samples);

  it('is more confident where the first candidate was right', () => {
    expect(confidenceOf(model, sample(0.9, true).x!)).toBeGreaterThan(confidenceOf(model, sample(0.35, false).x!));
  });

  const answeredBy = (m: ConfidenceModel) => (s: ConfidenceSample) => confidenceOf(m, s.x!) >= m.threshold;

  it('puts the threshold where the right answers stay, the out-of-scope questions are declined, within the wrong budget', () => {
    const answered = answeredBy(model);
    expect(samples.filter((s) => s.inScope && s.firstIsRight).every(answered)).toBe(true);
    expect(samples.filter((s) => !s.inScope).some(answered)).toBe(false);
    // 50 in scope: a 3 % budget allows one wrong answer, if it buys right ones.
    expect(samples.filter((s) => s.inScope && !s.firstIsRight && answered(s)).length).toBeLessThanOrEqual(1);
  });

  it('answers no wrong one when the budget is none', () => {
    const strict = fitConfidence(samples, { ...DEFAULT_OBJECTIVE, maxWrong: 0 });
    expect(samples.filter((s) => s.inScope && !s.firstIsRight).some(answeredBy(strict))).toBe(false);
  });

  it('refuses to fit on nothing', () => {
    expect(() => fitConfidence([{ x: undefined, firstIsRight: false, inScope: false }])).toThrow(/no samples/);
  });
});

describe('deciding with a learned confidence', () => {
  const at = (entry: number, score: number): Candidate => ({ entry, score, match: score, phrase: score, bag: score, coverage: 1, evidence: 30 });
  const sure = { value: 0.9, threshold: 0.6, offTopicShare: 0.01 };
  const unsure = { value: 0.3, threshold: 0.6, offTopicShare: 0.01 };

  it('answers when confident, even where the rules would have found too little evidence', () => {
    const weak: Candidate = { ...at(0, 0.05), evidence: 1 };
    expect(decide({ candidates: [weak] }, false).outcome).toBe('none');
    expect(decide({ candidates: [weak] }, false, P, sure).outcome).toBe('answer');
  });

  it('asks back when unsure between entries of a question that is ours', () => {
    expect(decide({ candidates: [at(0, 0.7), at(1, 0.6)] }, false, P, unsure)).toMatchObject({ outcome: 'clarify' });
  });

  it('says "don\'t know" when unsure and the classifier leans off-topic, or when one entry is all there is', () => {
    expect(decide({ candidates: [at(0, 0.7), at(1, 0.6)] }, false, P, { ...unsure, offTopicShare: 0.5 }).outcome).toBe('none');
    expect(decide({ candidates: [at(0, 0.7)] }, false, P, unsure).outcome).toBe('none');
  });

  it('still asks back for a real tie when confident', () => {
    expect(decide({ candidates: [at(0, 0.7), at(1, 0.7)] }, false, P, sure).outcome).toBe('clarify');
  });
});
