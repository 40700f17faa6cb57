/**
 * Scores the copy check on the labelled phrases in test/compliance/copy-cases.yaml.
 *
 * Span-level: a finding is correct when a labelled span of the same kind overlaps it; a labelled span is
 * found when a finding of the same kind overlaps it. precision = correct findings / findings,
 * recall = found labelled spans / labelled spans (both 1 when there is nothing to count).
 *
 * @example
 * const report = await scoreCopyRules('knowledge');
 * report.precision // 0.98
 */
import path from 'node:path';
import { z } from 'zod';
import { readDataFile } from '../knowledge/data-file.js';
import { formatProblem } from '../knowledge/load.js';
import { readCopyRules } from './load.js';
import type { Finding } from './schema.js';

/** Where the labelled set lives, relative to the project root. */
const COPY_CASES_FILE = 'test/compliance/copy-cases.yaml';

const LabelSchema = z
  .object({
    span: z.string().min(1),
    kind: z.string().min(1),
    /** Which occurrence of `span` in the text (0-based), when it appears more than once. */
    at: z.number().int().min(0).default(0),
  })
  .strict();
const CaseSchema = z.object({ text: z.string().trim().min(1), expect: z.array(LabelSchema).default([]) }).strict();
const CasesFileSchema = z.array(CaseSchema).min(1);

/** A span a reviewer marked as risky, located in its text. */
export interface LabelledSpan {
  span: string;
  kind: string;
  start: number;
  end: number;
}

/** One labelled phrase; no labels means it must raise nothing. */
export interface CopyCase {
  text: string;
  labels: LabelledSpan[];
}

/** Counts and rates for one kind of risk, or for all of them. */
export interface KindScore {
  labelled: number;
  findings: number;
  correct: number;
  found: number;
  precision: number;
  recall: number;
}

/** The scores over the whole labelled set, per kind, and the findings and labels that did not match. */
export interface CopyCheckReport extends KindScore {
  cases: number;
  /** Cases labelled with no risk at all (the tricky negatives). */
  negatives: number;
  perKind: Record<string, KindScore>;
  falsePositives: { text: string; span: string; kind: string }[];
  misses: { text: string; span: string; kind: string }[];
}

function nthIndexOf(text: string, span: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(span, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** Reads and checks the labelled set; throws one error naming every malformed case. */
export async function loadCopyCases(file = COPY_CASES_FILE): Promise<CopyCase[]> {
  const data = await readDataFile(path.dirname(file), path.basename(file), CasesFileSchema);
  const problems = [...data.problems];
  const cases = (data.value ?? []).map((c, i) => ({
    text: c.text,
    labels: c.expect.flatMap((label, j) => {
      const start = nthIndexOf(c.text, label.span, label.at);
      if (start < 0) {
        problems.push({
          file: data.file,
          line: data.lineAt([i, 'expect', j]),
          message: `span "${label.span}" (occurrence ${label.at}) is not in "${c.text}"`,
        });
        return [];
      }
      return [{ span: label.span, kind: label.kind, start, end: start + label.span.length }];
    }),
  }));
  if (problems.length) throw new Error(`invalid copy cases:\n${problems.map(formatProblem).join('\n')}`);
  return cases;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

function score(s: Omit<KindScore, 'precision' | 'recall'>): KindScore {
  return { ...s, precision: ratio(s.correct, s.findings), recall: ratio(s.found, s.labelled) };
}

/** Scores any checker (`text → findings`) on the labelled cases. */
export function evaluateCopyCheck(check: (text: string) => Finding[], cases: CopyCase[]): CopyCheckReport {
  const counts = new Map<string, { labelled: number; findings: number; correct: number; found: number }>();
  const count = (kind: string) => {
    let c = counts.get(kind);
    if (!c) counts.set(kind, (c = { labelled: 0, findings: 0, correct: 0, found: 0 }));
    return c;
  };
  const falsePositives: CopyCheckReport['falsePositives'] = [];
  const misses: CopyCheckReport['misses'] = [];
  for (const c of cases) {
    const findings = check(c.text);
    for (const f of findings) {
      count(f.kind).findings++;
      if (c.labels.some((l) => l.kind === f.kind && overlaps(l, f))) count(f.kind).correct++;
      else falsePositives.push({ text: c.text, span: f.span, kind: f.kind });
    }
    for (const l of c.labels) {
      count(l.kind).labelled++;
      if (findings.some((f) => f.kind === l.kind && overlaps(l, f))) count(l.kind).found++;
      else misses.push({ text: c.text, span: l.span, kind: l.kind });
    }
  }
  const total = { labelled: 0, findings: 0, correct: 0, found: 0 };
  for (const c of counts.values()) for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += c[key];
  const perKind = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, c]) => [kind, score(c)]));
  return { ...score(total), cases: cases.length, negatives: cases.filter((c) => !c.labels.length).length, perKind, falsePositives, misses };
}

/**
 * Loads the copy rules from `knowledgeDir` and scores them on the labelled set: the one call for
 * `npm run -s eval`. Throws when the rules have problems or a label names a kind the rules do not have.
 */
export async function scoreCopyRules(knowledgeDir: string, casesFile = COPY_CASES_FILE): Promise<CopyCheckReport> {
  const { checker, problems } = await readCopyRules(knowledgeDir);
  if (!checker) throw new Error(`copy rules have problems:\n${problems.map(formatProblem).join('\n')}`);
  const cases = await loadCopyCases(casesFile);
  const unknown = [...new Set(cases.flatMap((c) => c.labels.map((l) => l.kind)))].filter((k) => !checker.rules.kinds[k]);
  if (unknown.length) throw new Error(`${casesFile}: unknown kinds ${unknown.join(', ')}`);
  return evaluateCopyCheck((text) => checker.check(text), cases);
}
