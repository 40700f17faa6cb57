/**
 * The labelled evaluation: loads test/eval/*.yaml and scores an answerer on it.
 *
 * Definitions (printed with the results by scripts/eval.ts):
 * - top-1: the answer outcome's entry is the expected one, or for clarify the first choice is.
 *   A "none" on an in-scope question is a miss.
 * - top-3: the expected entry is among the first 3 ranked candidates, whatever the outcome (retrieval quality).
 * - shown-3: the expected entry is what the user is shown: the answer, or one of the clarify choices.
 * - wrong answer: outcome answer with another entry (the costly error: a confident wrong reply).
 * - out-of-scope rejection: outcome none. A clarify on an out-of-scope question does NOT count as rejection.
 * - clarify rate: share of in-scope questions that got a clarify.
 * - topic: the expected entry's category (out-of-scope questions are scored apart, not as a topic).
 * - outcomes (overall and per file): what the asker meets, src/knowledge/outcome-tally.ts: right at once,
 *   wrong answer, asked back (and with the right entry among the choices), "don't know" on in-scope,
 *   out-of-scope declined.
 *
 * @example
 * const items = await loadEvalSet('test/eval');
 * const report = evaluate(buildAnswerer(files), items);
 * report.top1 // 0.93
 */
import { readdir } from 'node:fs/promises';
import { z } from 'zod';
import type { Answerer, Outcome } from './answerer.js';
import { readDataFile } from './data-file.js';
import { formatProblem, type KnowledgeProblem } from './load.js';
import { OutcomeTally, type OutcomeRates } from './outcome-tally.js';

const EvalItemSchema = z
  .object({
    q: z.string().trim().min(1),
    expect: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, 'expect must be an entry id or null').nullable(),
    lang: z.enum(['en', 'zh']).optional(),
  })
  .strict();
const EvalFileSchema = z.array(EvalItemSchema);

export interface EvalItem extends z.infer<typeof EvalItemSchema> {
  file: string;
}

/** Reads every *.yaml under `dir`; throws one error listing each malformed item as `file:line: message`. */
export async function loadEvalSet(dir: string): Promise<EvalItem[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/u.test(n)).sort();
  const items: EvalItem[] = [];
  const problems: KnowledgeProblem[] = [];
  for (const name of names) {
    // Optional: an empty file (or one of comments only) holds no questions.
    const data = await readDataFile(dir, name, EvalFileSchema, { optional: true });
    problems.push(...data.problems);
    items.push(...(data.value ?? []).map((item) => ({ ...item, file: name })));
  }
  if (problems.length) throw new Error(`invalid evaluation files:\n${problems.map(formatProblem).join('\n')}`);
  return items;
}

export interface TopicScore {
  n: number;
  top1: number;
  top3: number;
  shown3: number;
  answered: number;
  wrongAnswer: number;
  clarify: number;
  none: number;
}

export interface EvalMiss {
  q: string;
  file: string;
  expected: string | null;
  outcome: Outcome;
  got: string | null;
  candidates: string[];
}

export interface EvalReport {
  inScope: number;
  outOfScope: number;
  top1: number;
  top3: number;
  shown3: number;
  wrongAnswer: number;
  clarifyRate: number;
  noneRate: number;
  outOfScopeRejection: number;
  outOfScopeClarify: number;
  outOfScopeAnswered: number;
  english: TopicScore;
  perTopic: Record<string, TopicScore>;
  /** What the askers meet, over every labelled question. */
  outcomes: OutcomeRates;
  /** The same per labelled file. */
  perFile: Record<string, OutcomeRates>;
  /** Items whose expected id is not in the knowledge base (left out of the scores). */
  dangling: EvalItem[];
  misses: EvalMiss[];
}

function emptyTopic(): TopicScore {
  return { n: 0, top1: 0, top3: 0, shown3: 0, answered: 0, wrongAnswer: 0, clarify: 0, none: 0 };
}

function ratio(score: TopicScore): TopicScore {
  const n = score.n || 1;
  return {
    n: score.n,
    top1: score.top1 / n,
    top3: score.top3 / n,
    shown3: score.shown3 / n,
    answered: score.answered / n,
    wrongAnswer: score.wrongAnswer / n,
    clarify: score.clarify / n,
    none: score.none / n,
  };
}

/** Which writer wrote a labelled file: writerN*.yaml, the rest the first writer's. */
export function writerOf(file: string): string {
  return /^writer\d+/u.exec(file)?.[0] ?? 'writer1';
}

/**
 * Scores `answerer` on `items`; a function picks the answerer per item (leave-one-writer-out gives each
 * writer's questions an answerer whose decision was fitted without them).
 */
export function evaluate(answerer: Answerer | ((item: EvalItem) => Answerer), items: readonly EvalItem[]): EvalReport {
  const pick = typeof answerer === 'function' ? answerer : () => answerer;
  const total = emptyTopic();
  const english = emptyTopic();
  const topics = new Map<string, TopicScore>();
  const oos = { n: 0, rejection: 0, clarify: 0, answered: 0 };
  const dangling: EvalItem[] = [];
  const misses: EvalMiss[] = [];
  const outcomes = new OutcomeTally();
  const files = new Map<string, OutcomeTally>();

  for (const item of items) {
    const answerer = pick(item);
    const result = answerer.ask(item.q);
    const ranked = (result.candidates ?? []).map((c) => c.id);
    const got = result.outcome === 'answer' ? (result.entryId ?? null) : result.outcome === 'clarify' ? (result.suggestions[0]?.id ?? null) : null;
    const miss = (): EvalMiss => ({ q: item.q, file: item.file, expected: item.expect, outcome: result.outcome, got, candidates: ranked.slice(0, 3) });
    const shown = result.outcome === 'answer' ? [result.entryId ?? ''] : result.outcome === 'clarify' ? result.suggestions.map((s) => s.id) : [];
    if (item.expect === null || answerer.entry(item.expect)) {
      const file = files.get(item.file) ?? new OutcomeTally();
      files.set(item.file, file);
      for (const tally of [outcomes, file]) tally.add(item.expect, result.outcome, shown);
    }
    if (item.expect === null) {
      oos.n++;
      if (result.outcome === 'none') oos.rejection++;
      else {
        if (result.outcome === 'clarify') oos.clarify++;
        else oos.answered++;
        misses.push(miss());
      }
      continue;
    }
    const entry = answerer.entry(item.expect);
    if (!entry) {
      dangling.push(item);
      continue;
    }
    const topic = topics.get(entry.category) ?? emptyTopic();
    topics.set(entry.category, topic);
    const hit = got === item.expect;
    for (const score of item.lang === 'en' ? [total, topic, english] : [total, topic]) {
      score.n++;
      if (hit) score.top1++;
      if (ranked.slice(0, 3).includes(item.expect)) score.top3++;
      if (shown.includes(item.expect)) score.shown3++;
      if (result.outcome === 'answer') score.answered++;
      if (result.outcome === 'answer' && !hit) score.wrongAnswer++;
      if (result.outcome === 'clarify') score.clarify++;
      if (result.outcome === 'none') score.none++;
    }
    if (!hit) misses.push(miss());
  }

  const t = ratio(total);
  const on = oos.n || 1;
  return {
    inScope: total.n,
    outOfScope: oos.n,
    top1: t.top1,
    top3: t.top3,
    shown3: t.shown3,
    wrongAnswer: t.wrongAnswer,
    clarifyRate: t.clarify,
    noneRate: t.none,
    outOfScopeRejection: oos.rejection / on,
    outOfScopeClarify: oos.clarify / on,
    outOfScopeAnswered: oos.answered / on,
    english: ratio(english),
    perTopic: Object.fromEntries([...topics].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, ratio(v)])),
    outcomes: outcomes.rates(),
    perFile: Object.fromEntries([...files].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.rates()])),
    dangling,
    misses,
  };
}
