/**
 * The benchmark's baseline: MiniSearch (BM25 with field boosts) over the same entries, fed by the same
 * tokenizer as the answerer (normalisation, synonyms, jieba words and sub-words, character bigrams), so
 * the comparison measures retrieval and decision, not tokenisation. MiniSearch has no notion of "don't
 * know": its top hit is its answer, and a question with no hit at all is its only rejection.
 */
import MiniSearch from 'minisearch';
import type { Analyzer } from '../../src/knowledge/analyze.js';
import type { Entry } from '../../src/knowledge/schema.js';

export interface BaselineHit {
  id: string;
  score: number;
}

export interface Baseline {
  search(question: string): BaselineHit[];
}

export function buildBaseline(entries: readonly Entry[], analyzer: Analyzer): Baseline {
  const tokenize = (text: string) => {
    const a = analyzer.analyze(text);
    return [...a.words, ...a.subwords, ...a.bigrams.map((b) => `#${b}`)];
  };
  const index = new MiniSearch<{ id: string; question: string; alternates: string; tags: string }>({
    fields: ['question', 'alternates', 'tags'],
    storeFields: [],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { boost: { question: 2, tags: 1.5 }, combineWith: 'OR' },
  });
  index.addAll(
    entries.map((e) => ({
      id: e.id,
      question: [e.question, e.en?.question ?? ''].join('\n'),
      alternates: [...e.alternates, ...(e.en?.alternates ?? [])].join('\n'),
      tags: e.tags.join(' '),
    })),
  );
  return {
    search: (question) => index.search(question).map((r) => ({ id: String(r.id), score: r.score })),
  };
}
