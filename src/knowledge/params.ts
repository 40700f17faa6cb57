/**
 * Every tunable of the engine in one place. Retrieval settings are chosen by cross-validation on the
 * knowledge base's own phrasings (`npx tsx scripts/cv.ts --folds 8`: one alternate per entry held out per
 * fold), so the labelled questions in test/eval stay a measurement; the rule thresholds of the decision by
 * `npx tsx scripts/calibrate.ts` on the same held-out phrasings, and the learned confidence by
 * `npx tsx scripts/fit-confidence.ts` (reported leave one writer out). `npx tsx scripts/tune.ts` compares the
 * alternatives below on the labelled set, for the report only.
 * Session-1 ranking comparisons on test/eval (rank-1 / rank-3): jieba with the domain dictionary beat
 * Intl.Segmenter (0.848 / 0.950) and jieba with HMM (0.848 / 0.959); dropping coverage from the score cost the
 * most (0.789 / 0.941); BM25 alone 0.853 / 0.965, phrasing cosine alone 0.821 / 0.953. Skipping terms found in
 * over 30 % of the indexed documents (maxDfShare; entries and off-topic examples; never fewer than 100) saves ~20 %
 * time at 2,000 entries; with the off-topic examples indexed it also helps a little at 141 (1 would give top-1
 * 92.6 % and rejection 91.0 % instead of 92.8 % and 91.8 %).
 */
import { DEFAULT_ANALYZER_OPTIONS, type AnalyzerOptions } from './analyze.js';
import { DEFAULT_DECISION_PARAMS, type DecisionParams } from './decide.js';
import { DEFAULT_RETRIEVE_PARAMS, type RetrieveParams } from './retrieve.js';
import { DEFAULT_INDEX_PARAMS, type IndexParams } from './search-index.js';

export interface EngineParams {
  analyzer: AnalyzerOptions;
  index: IndexParams;
  retrieve: RetrieveParams;
  decision: DecisionParams;
  /** Teach jieba the entries' tags as well as the synonym dictionary and canonical terms. */
  tagsInDictionary: boolean;
}

export const DEFAULT_ENGINE_PARAMS: EngineParams = {
  analyzer: DEFAULT_ANALYZER_OPTIONS,
  index: DEFAULT_INDEX_PARAMS,
  retrieve: DEFAULT_RETRIEVE_PARAMS,
  decision: DEFAULT_DECISION_PARAMS,
  tagsInDictionary: false,
};

/** A partial override, one level deep: `{ decision: { margin: 0.2 } }`. */
export type EngineTuning = { [K in keyof EngineParams]?: EngineParams[K] extends object ? Partial<EngineParams[K]> : EngineParams[K] };

export function withTuning(tuning: EngineTuning = {}): EngineParams {
  const d = DEFAULT_ENGINE_PARAMS;
  return {
    analyzer: { ...d.analyzer, ...tuning.analyzer },
    index: { ...d.index, ...tuning.index },
    retrieve: { ...d.retrieve, ...tuning.retrieve },
    decision: { ...d.decision, ...tuning.decision },
    tagsInDictionary: tuning.tagsInDictionary ?? d.tagsInDictionary,
  };
}
