/**
 * Every tunable of the engine in one place. The defaults were chosen with scripts/tune.ts on the labelled
 * questions in test/eval (341 in scope, 125 out of scope at the time), one change at a time; ranking
 * accuracy (rank-1 / rank-3 before any decision) of the alternatives, for the record:
 *   defaults 0.868 / 0.971 · Intl.Segmenter instead of jieba 0.848 / 0.950 · jieba with HMM 0.848 / 0.959
 *   · no search-mode sub-words 0.848 / 0.971 · no character unigrams 0.845 / 0.968 · no bigrams 0.868 / 0.971
 *   · no broader terms 0.862 / 0.971 · tags in jieba's dictionary 0.856 / 0.968 · answers in the BM25 bag
 *   0.836 / 0.968 · coverage from phrasings only 0.824 / 0.950 · no coverage in the score 0.789 / 0.941
 *   · phrasing cosine only 0.821 / 0.953 · BM25 only 0.853 / 0.965. Skipping terms found in over 30 % of
 *   the entries (maxDfShare; never fewer than 100) changes nothing at 140 entries and saves ~20 % time at 2,000.
 * Re-run `npx tsx scripts/tune.ts` when the knowledge base or the labelled set grows a lot.
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
