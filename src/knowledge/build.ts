/**
 * Builds the answerer for one knowledge base: normaliser, segmenter with the domain dictionary, index,
 * retriever and decision, wired behind the `Answerer` interface.
 *
 * @example
 * const files = await loadKnowledgeFiles('knowledge');
 * const answerer = buildAnswerer(files, { contact: '县电商公共服务中心 0000-0000000' });
 * answerer.ask('抖店要啥证').outcome // 'answer' | 'clarify' | 'none'
 */
import { questionText } from '../core/address.js';
import { DEFAULT_TIMEZONE, dayIn } from '../core/time.js';
import { Analyzer } from './analyze.js';
import type { AnswerLocale, AnswerOptions, AnswerResult, Answerer, AnswererSettings, Suggestion } from './answerer.js';
import { PhrasingClassifier, type TrainingExample } from './classifier.js';
import { confidenceFeatures, confidenceOf, type ClassifierView, type ConfidenceModel } from './confidence.js';
import { decide, type Confidence } from './decide.js';
import { DECISION_MODEL } from './decision-model.js';
import { formatAnswer, formatClarify, formatNone, plainText, questionOf, type FormatContext, type Formatted } from './format.js';
import type { KnowledgeFiles } from './load.js';
import { createNormalizer } from './normalize.js';
import { withTuning, type EngineParams, type EngineTuning } from './params.js';
import { Retriever, type Candidate, type Ranking } from './retrieve.js';
import { phrasingsOf, type Entry, type OffTopic } from './schema.js';
import { SearchIndex, type IndexedDocument } from './search-index.js';
import { createSegmenter, type Segmenter } from './segment.js';
import { CHINESE_STOPWORDS } from './stopwords.js';

const MAX_RELATED = 3;

/**
 * Up to this many entries the engine trains the phrasing classifier and decides with the learned confidence.
 * Its weight table grows with words × entries and its training with phrasings × entries: 8 MB and about 0.9 s
 * at today's 141 entries, roughly 60 MB and 8 s at 400; beyond, the decision falls back to the rules of
 * decide.ts (the benchmark's 2,000 and 10,000 entries do).
 */
export const MAX_CLASSIFIED_ENTRIES = 400;

/** The retrieval pipeline of one knowledge base, without the answer formatting (for tools and benchmarks). */
export interface Engine {
  entries: Entry[];
  offTopic: OffTopic[];
  params: EngineParams;
  analyzer: Analyzer;
  index: SearchIndex;
  retriever: Retriever;
  /** Undefined beyond MAX_CLASSIFIED_ENTRIES (or when asked not to train one). */
  classifier: PhrasingClassifier | undefined;
}

/** Makes the segmenter from the domain words (normalised); scripts/tune.ts swaps in other segmenters. */
export type SegmenterFactory = (words: string[]) => Segmenter;

const jiebaWithStopwords: SegmenterFactory = (words) => createSegmenter(words, CHINESE_STOPWORDS);

export interface EngineOptions {
  /** scripts/tune.ts compares segmenters. */
  segmenter?: SegmenterFactory;
  /** Train the phrasing classifier (default: up to MAX_CLASSIFIED_ENTRIES entries); tools that only rank skip it. */
  classifier?: boolean;
}

export function buildEngine(files: KnowledgeFiles, tuning?: EngineTuning, options: EngineOptions = {}): Engine {
  const { segmenter = jiebaWithStopwords, classifier: classify = files.entries.length <= MAX_CLASSIFIED_ENTRIES } = options;
  const params = withTuning(tuning);
  const entries: Entry[] = files.entries.map((e) => e.entry);
  const normalize = createNormalizer(files.synonyms);
  const vocabulary = [...files.synonyms.dictionary, ...normalize.synonyms.canonicalTerms()].map((w) => normalize(w));
  const tags = entries.flatMap((e) => e.tags).map((w) => normalize(w));
  const analyzer = new Analyzer(normalize, segmenter(params.tagsInDictionary ? [...vocabulary, ...tags] : vocabulary), params.analyzer);
  // Each off-topic example is a document of its own, indexed after the entries (candidate numbers below
  // entries.length stay entries). One document per topic would let a question borrow words from twenty
  // unrelated examples (网上, 卖, 快递 …) and turn a merchant away. The reply is not indexed either: it speaks
  // our words (办什么证, 创业担保贷款).
  const offTopic = files.offTopic;
  const examples = offTopic.flatMap((topic, t) => topic.examples.map((example) => ({ example, t })));
  const documents: IndexedDocument[] = [...entries, ...examples.map(({ example }) => ({ question: example, alternates: [], answer: '', tags: [] }))];
  const index = new SearchIndex(documents, analyzer, params.index);
  const retriever = new Retriever(index, params.retrieve, new Set([...vocabulary, ...tags]), examples.map(({ t }) => t));
  const classifier = classify ? trainClassifier(entries, examples, analyzer) : undefined;
  return { entries, offTopic, params, analyzer, index, retriever, classifier };
}

function trainClassifier(entries: readonly Entry[], examples: readonly { example: string }[], analyzer: Analyzer): PhrasingClassifier {
  const offTopicClass = entries.length;
  const training: TrainingExample[] = [
    ...entries.flatMap((e, label) => [...phrasingsOf(e), ...e.tags].map((q) => ({ analysis: analyzer.analyze(q), label }))),
    ...examples.map(({ example }) => ({ analysis: analyzer.analyze(example), label: offTopicClass })),
  ];
  return new PhrasingClassifier(entries.length + 1, training);
}

/** What the classifier says of a ranking's first candidate and of "off-topic" (undefined: no classifier or candidate). */
function classifierView(engine: Pick<Engine, 'classifier' | 'entries'>, ranking: Ranking): ClassifierView | undefined {
  const { classifier } = engine;
  if (!classifier || !ranking.candidates.length) return undefined;
  const among = [...ranking.candidates.map((c) => c.entry), engine.entries.length];
  const p = classifier.probabilities(ranking.analysis, among);
  return { first: p[0]!, offTopic: p[p.length - 1]! };
}

/** The confidence model's features for a ranking (undefined: no classifier, or no candidate to judge). */
export function judgeFeatures(engine: Pick<Engine, 'classifier' | 'entries'>, ranking: Ranking): number[] | undefined {
  const view = classifierView(engine, ranking);
  return view && confidenceFeatures(ranking, view);
}

/** The learned judgement of a ranking's first candidate (undefined without a classifier: the rules decide). */
export function judge(engine: Pick<Engine, 'classifier' | 'entries'>, ranking: Ranking, model: ConfidenceModel = DECISION_MODEL): Confidence | undefined {
  if (!engine.classifier) return undefined;
  const view = classifierView(engine, ranking);
  const x = view && confidenceFeatures(ranking, view);
  return { value: x ? confidenceOf(model, x) : 0, threshold: model.threshold, offTopicShare: view?.offTopic ?? 1 };
}

export function buildAnswerer(files: KnowledgeFiles, settings: AnswererSettings = {}, tuning?: EngineTuning): Answerer {
  return answererFrom(buildEngine(files, tuning), settings);
}

/** The answerer over a built engine; `model` is the decision's confidence model (evaluation passes others). */
export function answererFrom(engine: Engine, settings: AnswererSettings = {}, model: ConfidenceModel = DECISION_MODEL): Answerer {
  const { entries, offTopic, params, analyzer, retriever } = engine;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const now = settings.now ?? (() => new Date());
  const today = dayIn(settings.timezone ?? DEFAULT_TIMEZONE);

  const context = (locale: AnswerLocale): FormatContext => ({
    locale,
    // Asked only by answers from entries with a check-by date (formatting a date in a zone with dayjs per
    // question doubled the p50).
    today: () => today(now()),
    ...(settings.contact ? { contact: settings.contact } : {}),
  });
  const suggestion = (entry: Entry, locale: AnswerLocale): Suggestion => ({ id: entry.id, question: questionOf(entry, locale) });
  // Runners-up first, then the entry's related follow-ups, each once, at most MAX_RELATED in all.
  const offered = (entry: Entry, runnersUp: readonly Entry[]): Entry[] => {
    const list = [...runnersUp];
    for (const id of entry.related) {
      const e = byId.get(id);
      if (list.length >= MAX_RELATED) break;
      if (e && e.id !== entry.id && !list.includes(e)) list.push(e);
    }
    return list.slice(0, MAX_RELATED);
  };
  const ranked = (candidates: readonly Candidate[]) =>
    candidates.map((c) => ({ id: entries[c.entry]!.id, score: round(c.score), coverage: round(c.coverage) }));

  // Results are written out as literals, not spread from parts: spread copies of per-question objects were
  // what still reached the old generation in the benchmark (measured with v8.getHeapSpaceStatistics).
  const answerFor = (question: string, entry: Entry, score: number, locale: AnswerLocale, alsoAsked: readonly Entry[] = []): AnswerResult => {
    const runnersUp = alsoAsked.slice(0, MAX_RELATED).map((e) => suggestion(e, locale));
    const formatted = formatAnswer(entry, context(locale), runnersUp.length > 0);
    const suggestions = offered(entry, alsoAsked).map((e) => suggestion(e, locale));
    return {
      question,
      outcome: 'answer',
      entryId: entry.id,
      score: round(score),
      locale,
      answer: plainText(formatted, suggestions),
      body: formatted.body,
      choicesTitle: formatted.choicesTitle,
      choicesFooter: formatted.choicesFooter,
      suggestions,
      runnersUp,
    };
  };

  return {
    entries,
    size: entries.length,
    entry: (id) => byId.get(id),
    show(id: string, options: AnswerOptions = {}): AnswerResult | undefined {
      const entry = byId.get(id);
      return entry ? answerFor(questionOf(entry, options.locale ?? 'zh-CN'), entry, 1, options.locale ?? 'zh-CN') : undefined;
    },
    ask(question: string, options: AnswerOptions = {}): AnswerResult {
      // The chat, `ask` and the evaluation all come through here: one place takes the address off.
      const ranking = retriever.rank(analyzer.analyze(questionText(question, settings.triggers)));
      const { analysis, candidates } = ranking;
      const locale: AnswerLocale = options.locale ?? (analysis.english ? 'en' : 'zh-CN');
      const decision = decide(ranking, analysis.english, params.decision, judge(engine, ranking, model));
      if (decision.outcome === 'answer') {
        const alsoAsked = decision.runnersUp.map((c) => entries[c.entry]!);
        const result = answerFor(question, entries[decision.best.entry]!, decision.best.score, locale, alsoAsked);
        result.candidates = ranked(candidates);
        return result;
      }
      const best = decision.best;
      const clarify = decision.outcome === 'clarify';
      const choices = clarify ? decision.choices.map((c) => suggestion(entries[c.entry]!, locale)) : [];
      const topic = decision.outcome === 'none' && decision.offTopic !== undefined ? offTopic[decision.offTopic] : undefined;
      const formatted: Formatted = clarify ? formatClarify(context(locale)) : formatNone(context(locale), topic);
      return {
        question,
        entryId: best ? entries[best.entry]!.id : undefined,
        score: round(best?.score ?? 0),
        locale,
        candidates: ranked(candidates),
        outcome: decision.outcome,
        answer: plainText(formatted, choices),
        body: formatted.body,
        choicesTitle: formatted.choicesTitle,
        choicesFooter: formatted.choicesFooter,
        suggestions: choices,
        runnersUp: [],
        ...(topic ? { offTopic: topic.id } : {}),
      };
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
