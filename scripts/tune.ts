/** Developer tool: measures retrieval variants on the evaluation set, for the report in src/knowledge/params.ts. */
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { buildEngine, type SegmenterFactory } from '../src/knowledge/build.js';
import { createSegmenter } from '../src/knowledge/segment.js';
import { CHINESE_STOPWORDS } from '../src/knowledge/stopwords.js';
import { loadEvalSet } from '../src/knowledge/evaluate.js';
import { loadKnowledgeFiles } from '../src/knowledge/load.js';
import type { EngineTuning } from '../src/knowledge/params.js';
import type { Candidate } from '../src/knowledge/retrieve.js';

const USAGE = `
Usage: npx tsx scripts/tune.ts [options]

Developer tool: measures retrieval variants (segmenters, index and retrieval switches) on the evaluation
set, for the report in src/knowledge/params.ts. Not part of the bot. The decision thresholds are not chosen
here but on held-out phrasings (scripts/calibrate.ts), so that the labelled questions stay a measurement.

  npx tsx scripts/tune.ts [--dir knowledge] [--eval test/eval] [--variants default,no-bigrams]

Prints, per variant: ranking accuracy (rank-1 / rank-3 of the retrieval, before any decision).

  -h, --help  this text
`;

const { values } = parseCommandLine(USAGE, {
  options: {
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
    eval: { type: 'string', default: 'test/eval' },
    variants: { type: 'string', default: '' },
  },
});

// Thresholds chosen on a broken knowledge folder would be wrong: refuse it (the error lists every problem).
const files = await loadKnowledgeFiles(values.dir);
const items = await loadEvalSet(values.eval);
const entries = files.entries.map((e) => e.entry);
const ids = new Set(entries.map((e) => e.id));
const scored = items.filter((i) => i.expect === null || ids.has(i.expect));

// Each variant changes one thing from the defaults in src/knowledge/params.ts; `segmenter` swaps jieba out.
const VARIANTS: Record<string, EngineTuning & { segmenter?: string }> = {
  default: {},
  'intl-segmenter': { segmenter: 'intl' },
  'jieba-hmm': { segmenter: 'hmm' },
  'no-search-mode': { analyzer: { searchMode: false } },
  'no-bigrams': { analyzer: { bigrams: false } },
  'no-unigrams': { analyzer: { unigrams: false } },
  'no-concepts': { analyzer: { concepts: false } },
  'tags-in-dictionary': { tagsInDictionary: true },
  'answers-in-bag': { index: { answerWeight: 0.2 } },
  'phrasings-only-coverage': { retrieve: { fullCoverageWeight: 0 } },
  'kb-idf-coverage': { retrieve: { generalWeights: false } },
  'no-coverage-in-score': { retrieve: { coverageWeight: 0 } },
  'phrase-only': { retrieve: { phraseWeight: 1 } },
  'bm25-only': { retrieve: { phraseWeight: 0 } },
  'all-terms': { index: { maxDfShare: 1 } },
};

// Segmenters to compare with jieba: Intl.Segmenter (ICU, no user dictionary) and jieba with HMM.
const icu = new Intl.Segmenter('zh', { granularity: 'word' });
const icuCut = (text: string) => [...icu.segment(text)].map((s) => s.segment);
const SEGMENTERS: Record<string, SegmenterFactory> = {
  intl: () => ({ cut: icuCut, cutForSearch: icuCut }),
  hmm: (words) => createSegmenter(words, CHINESE_STOPWORDS, { hmm: true }),
};

function rankings(tuning: EngineTuning, segmenterName?: string) {
  const { analyzer, retriever } = buildEngine(files, tuning, {
    segmenter: segmenterName ? SEGMENTERS[segmenterName] : undefined,
    classifier: false,
  });
  return scored.map((item) => ({ item, candidates: retriever.rank(analyzer.analyze(item.q)).candidates }));
}

const chosen = values.variants ? values.variants.split(',') : Object.keys(VARIANTS);
for (const name of chosen) {
  const { segmenter, ...tuning } = VARIANTS[name]!;
  const ranked = rankings(tuning, segmenter);
  let r1 = 0,
    r3 = 0,
    n = 0;
  for (const { item, candidates } of ranked) {
    if (item.expect === null) continue;
    n++;
    const top = candidates.slice(0, 3).map((c: Candidate) => entries[c.entry]!.id);
    if (top[0] === item.expect) r1++;
    if (top.includes(item.expect)) r3++;
  }
  console.log(`${name.padEnd(20)} n ${n} rank1 ${(r1 / n).toFixed(3)} rank3 ${(r3 / n).toFixed(3)}`);
}
