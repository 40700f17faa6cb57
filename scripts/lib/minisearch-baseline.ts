/**
 * The plain baseline the answerer must beat: MiniSearch's default BM25 over each entry's question and
 * alternates (Chinese and English), fed the same jieba words as the answerer (normalisation, synonyms, stop
 * words; no sub-words, bigrams or broader terms), answering its top hit. Its only way to say "don't know" is
 * one score cut-off, set on the questions at hand to decline as many out-of-scope ones as the answerer does
 * (`scoreBaseline`). Used by `npm run -s eval`, the eval test and `npm run -s bench`.
 */
import MiniSearch from 'minisearch';
import type { Analyzer } from '../../src/knowledge/analyze.js';
import type { EvalItem } from '../../src/knowledge/evaluate.js';
import { OutcomeTally, type OutcomeRates } from '../../src/knowledge/outcome-tally.js';
import type { Entry } from '../../src/knowledge/schema.js';

export interface BaselineHit {
  id: string;
  score: number;
}

export interface Baseline {
  search(question: string): BaselineHit[];
}

export function buildBaseline(entries: readonly Entry[], analyzer: Analyzer): Baseline {
  const index = new MiniSearch<{ id: string; question: string; alternates: string }>({
    fields: ['question', 'alternates'],
    storeFields: [],
    tokenize: (text) => analyzer.analyze(text).words,
    processTerm: (term) => term,
  });
  index.addAll(
    entries.map((e) => ({
      id: e.id,
      question: [e.question, e.en?.question ?? ''].join('\n'),
      alternates: [...e.alternates, ...(e.en?.alternates ?? [])].join('\n'),
    })),
  );
  return {
    search: (question) => index.search(question).map((r) => ({ id: String(r.id), score: r.score })),
  };
}

export interface BaselineScore extends OutcomeRates {
  /** Top hits scoring under this are "don't know". */
  cutoff: number;
}

/**
 * The baseline's outcomes on labelled questions: with `{ declined }` at the lowest cut-off that declines at
 * least that share of the out-of-scope ones (a question with no hit at all is declined whatever the cut-off),
 * or at a given `{ cutoff }` (one set's cut-off applied to its parts).
 */
export function scoreBaseline(
  baseline: Baseline,
  items: readonly EvalItem[],
  at: { declined: number } | { cutoff: number },
): BaselineScore {
  const top = items.map((item) => ({ item, hit: baseline.search(item.q)[0] }));
  const cutoff =
    'cutoff' in at
      ? at.cutoff
      : cutoffFor(
          top.filter((t) => t.item.expect === null).map((t) => t.hit?.score ?? 0),
          at.declined,
        );
  const tally = new OutcomeTally();
  for (const { item, hit } of top) {
    const answered = hit && hit.score >= cutoff;
    tally.add(item.expect, answered ? 'answer' : 'none', answered ? [hit.id] : []);
  }
  return { ...tally.rates(), cutoff };
}

function cutoffFor(scores: number[], declined: number): number {
  const sorted = scores.sort((a, b) => a - b);
  // Declining k of n needs a cut-off above the k-th lowest score; k = ceil(declined × n).
  const k = Math.ceil(declined * sorted.length - 1e-9);
  return k === 0 ? 0 : nextAbove(sorted, Math.min(k, sorted.length) - 1);
}

/** A cut-off just above sorted[i] (and above its equals), below the next higher score when there is one. */
function nextAbove(sorted: readonly number[], i: number): number {
  const x = sorted[i]!;
  const higher = sorted.find((s) => s > x);
  return higher === undefined ? x + 1 : (x + higher) / 2;
}
