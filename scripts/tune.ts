/**
 * Developer tool: measures retrieval variants on the evaluation set and sweeps the decision thresholds,
 * to choose the defaults in src/knowledge/params.ts. Not part of the bot.
 *
 *   npx tsx scripts/tune.ts [--dir knowledge] [--eval test/eval]
 *
 * Prints, per variant: ranking accuracy (rank-1 / rank-3 of the retrieval, before any decision), then the
 * best decision thresholds found and the eval metrics they give.
 */
import '../src/quiet-dotenv.js';
import { parseArgs } from 'node:util';
import { buildEngine, type SegmenterFactory } from '../src/knowledge/build.js';
import { createSegmenter } from '../src/knowledge/segment.js';
import { CHINESE_STOPWORDS } from '../src/knowledge/stopwords.js';
import { decide, type DecisionParams } from '../src/knowledge/decide.js';
import { loadEvalSet } from '../src/knowledge/evaluate.js';
import { loadKnowledgeFiles } from '../src/knowledge/load.js';
import type { EngineTuning } from '../src/knowledge/params.js';
import type { Candidate } from '../src/knowledge/retrieve.js';

const { values } = parseArgs({
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
  const { analyzer, retriever } = buildEngine(files, tuning, segmenterName ? SEGMENTERS[segmenterName] : undefined);
  return scored.map((item) => {
    const ranking = retriever.rank(analyzer.analyze(item.q));
    return { item, ranking, candidates: ranking.candidates, english: ranking.analysis.english };
  });
}

type Ranked = ReturnType<typeof rankings>;

function metrics(ranked: Ranked, d: DecisionParams) {
  let n = 0, top1 = 0, wrong = 0, clarify = 0, oos = 0, rejected = 0;
  for (const { item, ranking, english } of ranked) {
    const decision = decide(ranking, english, d);
    const got = decision.outcome === 'answer' ? decision.best : decision.outcome === 'clarify' ? decision.choices[0] : undefined;
    const gotId = got ? entries[got.entry]!.id : null;
    if (item.expect === null) {
      oos++;
      if (decision.outcome === 'none') rejected++;
      continue;
    }
    n++;
    if (gotId === item.expect) top1++;
    else if (decision.outcome === 'answer') wrong++;
    if (decision.outcome === 'clarify') clarify++;
  }
  return { top1: top1 / n, wrong: wrong / n, clarify: clarify / n, rejection: rejected / (oos || 1) };
}

function grid(): DecisionParams[] {
  const out: DecisionParams[] = [];
  for (const answerMin of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
    for (const clarifyMin of [0.02, 0.04, 0.06, 0.1])
      for (const margin of [0.15, 0.3, 0.4, 0.5, 0.6])
        for (const minCoverage of [0.2, 0.3, 0.4, 0.5])
          for (const minEvidence of [14, 16, 18, 20, 22, 24])
            for (const minEvidenceFull of [8, 10, 12, 14])
              for (const evidenceCoverageLow of [0.6, 0.95])
                for (const offTopicRatio of [1, 0.8, 0.6])
                  if (clarifyMin <= answerMin) out.push({ answerMin, clarifyMin, margin, minCoverage, minCoverageEnglish: 0.25, closeRatio: 0.8, minEvidence, minEvidenceFull, evidenceCoverageLow, maxChoices: 3, offTopicRatio });
  return out;
}

const chosen = values.variants ? values.variants.split(',') : Object.keys(VARIANTS);
for (const name of chosen) {
  const { segmenter, ...tuning } = VARIANTS[name]!;
  const ranked = rankings(tuning, segmenter);
  let r1 = 0, r3 = 0, n = 0;
  for (const { item, candidates } of ranked) {
    if (item.expect === null) continue;
    n++;
    const top = candidates.slice(0, 3).map((c: Candidate) => entries[c.entry]!.id);
    if (top[0] === item.expect) r1++;
    if (top.includes(item.expect)) r3++;
  }
  const results = grid().map((d) => ({ d, m: metrics(ranked, d) }));
  // Objective: top-1 while keeping out-of-scope rejection >= 0.92, confident wrong answers cost double.
  // Clarify costs the user a second message: a small penalty, so ties go to answering.
  const CLARIFY_COST = Number(process.env.CLARIFY_COST ?? 0.15);
  const objective = (m: ReturnType<typeof metrics>) => m.top1 - 2 * m.wrong - CLARIFY_COST * m.clarify;
  const ok = results.filter((r) => r.m.rejection >= Number(process.env.MIN_REJECTION ?? 0.92)).sort((a, b) => objective(b.m) - objective(a.m));
  console.log(`${name.padEnd(20)} n ${n} rank1 ${(r1 / n).toFixed(3)} rank3 ${(r3 / n).toFixed(3)}`);
  for (const r of ok.slice(0, 2)) console.log(`   ${JSON.stringify(r.m, (k, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v))} ${JSON.stringify({ ...r.d, maxChoices: undefined })}`);
}
