/** Scores the answerer on the labelled questions in test/eval/*.yaml. */
import { existsSync } from 'node:fs';
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { scoreCopyRules } from '../src/compliance/evaluate.js';
import { answererFrom, buildEngine } from '../src/knowledge/build.js';
import { evaluate, loadEvalSet, writerOf, type TopicScore } from '../src/knowledge/evaluate.js';
import { heldOutSamples, leaveOneWriterOut } from '../src/knowledge/fit-decision.js';
import { formatProblem, readKnowledgeFiles } from '../src/knowledge/load.js';
import type { OutcomeRates } from '../src/knowledge/outcome-tally.js';
import { buildBaseline, scoreBaseline, type BaselineScore } from './lib/minisearch-baseline.js';

const USAGE = `
Usage: npx tsx scripts/eval.ts [options]

Scores the answerer on the labelled questions in test/eval/*.yaml.

  npx tsx scripts/eval.ts            → outcomes per labelled file and overall (leave one writer out), beside a plain MiniSearch
                                        baseline (scripts/lib/minisearch-baseline.ts); ranking and per-topic
                                        tables; misses on stderr
  npx tsx scripts/eval.ts --json     → the metrics as one JSON object (misses included)
  npx tsx scripts/eval.ts --verbose  → misses with their top-3 candidates

Options: --dir <knowledge folder> (default $BOT_KNOWLEDGE_DIR or ./knowledge), --eval <folder> (default test/eval),
--holdout <folder> (default test/holdout, when it exists): a sealed set never fitted on, scored with the model the
bot ships (fitted on all of --eval) beside the baseline at the same cut-off.
Exit code 0 even below the thresholds: the vitest test (test/knowledge/eval.test.ts) is the gate.

  -h, --help  this text
`;

const { values } = parseCommandLine(USAGE, {
  options: {
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
    eval: { type: 'string', default: 'test/eval' },
    holdout: { type: 'string', default: 'test/holdout' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const files = await readKnowledgeFiles(values.dir);
if (files.problems.length)
  console.error(`warning: ${files.problems.length} knowledge problems (npm run -s kb:lint), e.g. ${formatProblem(files.problems[0]!)}`);
const engine = buildEngine(files);
const answerer = answererFrom(engine);
const items = await loadEvalSet(values.eval);
// The numbers to report: each writer's questions judged by a decision fitted without them (fit-decision.ts).
const { report, answererFor } = leaveOneWriterOut(engine, items, heldOutSamples(files));
const shipped = evaluate(answerer, items).outcomes;
const copy = await scoreCopyRules(values.dir);
// The baseline declines as many out-of-scope questions as we do, with one cut-off over all the sets.
const { entries, analyzer } = engine;
const baseline = buildBaseline(entries, analyzer);
const known = items.filter((i) => i.expect === null || answerer.entry(i.expect));
const base = scoreBaseline(baseline, known, { declined: report.outcomes.declined });

// Each writer's questions apart (writerN*.yaml; the rest is the first writer's).
const writers = [...new Set(items.map((i) => writerOf(i.file)))].sort();
const sets = writers.map((writer) => {
  const part = known.filter((i) => writerOf(i.file) === writer);
  return { writer, ours: evaluate(answererFor, part).outcomes, base: scoreBaseline(baseline, part, { cutoff: base.cutoff }) };
});

// The sealed holdout: what the shipped bot does on questions nothing was fitted or chosen on.
const holdoutItems = existsSync(values.holdout)
  ? (await loadEvalSet(values.holdout)).filter((i) => i.expect === null || answerer.entry(i.expect))
  : [];
const holdout = holdoutItems.length
  ? { ours: evaluate(answerer, holdoutItems).outcomes, base: scoreBaseline(baseline, holdoutItems, { cutoff: base.cutoff }) }
  : undefined;

if (values.json) {
  const perWriter = Object.fromEntries(sets.map((s) => [s.writer, { outcomes: s.ours, baseline: s.base }]));
  process.stdout.write(`${JSON.stringify({ ...report, shipped, baseline: base, perWriter, holdout, copyCheck: copy }, null, 2)}\n`);
  process.exit(0);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const out: string[] = [];
out.push(
  `knowledge: ${answerer.size} entries; questions: ${report.inScope} in scope, ${report.outOfScope} out of scope${report.dangling.length ? `, ${report.dangling.length} with an unknown expected id (not scored)` : ''}`,
);
const ours = (r: OutcomeRates) => {
  const dash = '-'.padStart(6);
  const inScope = r.inScope ? [r.right, r.wrong, r.asked, r.askedWithRight, r.dontKnow].map(pct) : Array(5).fill(dash);
  return `${inScope.join(' ')} ${r.outOfScope ? pct(r.declined) : dash}`;
};
const theirs = (b: BaselineScore) => `${pct(b.right)} ${pct(b.wrong)} ${pct(b.declined)}`;
const head = (name: string) =>
  `${name.padEnd(26)} ${'in'.padStart(4)} ${'out'.padStart(4)}  ${['right', 'wrong', 'asked', 'a+rt', 'dk', 'declnd'].map((h) => h.padStart(6)).join(' ')}`;
const counts = (r: OutcomeRates) => `${String(r.inScope).padStart(4)} ${String(r.outOfScope).padStart(4)}`;
out.push('');
out.push('What the asker meets. right: answered at once with the expected entry; wrong: answered with another; asked:');
out.push('"您是想问" (a+rt: with the expected entry among the choices); dk: "don\'t know" to an in-scope question (all as');
out.push('shares of in-scope questions); declnd: out-of-scope questions declined. Every number below is leave one writer out:');
out.push("a writer's questions are judged by a decision fitted without them (npx tsx scripts/fit-confidence.ts).");
out.push(head('labelled file'));
for (const [file, r] of Object.entries(report.perFile)) out.push(`${file.padEnd(26)} ${counts(r)}  ${ours(r)}`);
out.push('');
out.push(`${head('set')}   baseline: ${['right', 'wrong', 'declnd'].map((h) => h.padStart(6)).join(' ')}`);
for (const s of sets) out.push(`${s.writer.padEnd(26)} ${counts(s.ours)}  ${ours(s.ours)}             ${theirs(s.base)}`);
out.push(`${'all'.padEnd(26)} ${counts(report.outcomes)}  ${ours(report.outcomes)}             ${theirs(base)}`);
out.push(`baseline: MiniSearch, default BM25 over question + alternates, the same jieba words, its top hit answered when it scores`);
out.push(`at least ${base.cutoff.toFixed(2)} (the one cut-off that declines as many out-of-scope questions as we do).`);
out.push(
  `${'shipped (fitted on all)'.padEnd(26)} ${counts(shipped)}  ${ours(shipped)}   (the model the bot uses, on the sets it was fitted on)`,
);
if (holdout)
  out.push(
    `${`sealed holdout (${values.holdout})`.padEnd(26)} ${counts(holdout.ours)}  ${ours(holdout.ours)}             ${theirs(holdout.base)}`,
  );
out.push('');
out.push(`top-3 accuracy           ${pct(report.top3)}   (expected entry among the first 3 ranked candidates, any outcome)`);
out.push(`top-1 accuracy           ${pct(report.top1)}   (answer with the expected entry, or clarify whose first choice is it)`);
out.push(`shown-3                  ${pct(report.shown3)}   (expected entry is the answer or one of the clarify choices)`);
out.push(`out-of-scope clarify     ${pct(report.outOfScopeClarify)}, answered ${pct(report.outOfScopeAnswered)}`);
out.push('');
const row = (name: string, s: TopicScore) =>
  `${name.padEnd(14)} ${String(s.n).padStart(4)} ${pct(s.top1)} ${pct(s.top3)} ${pct(s.shown3)} ${pct(s.wrongAnswer)} ${pct(s.clarify)} ${pct(s.none)}`;
out.push(
  `${'topic'.padEnd(14)} ${'n'.padStart(4)} ${'top1'.padStart(6)} ${'top3'.padStart(6)} ${'shown3'.padStart(6)} ${'wrong'.padStart(6)} ${'clarif'.padStart(6)} ${'none'.padStart(6)}`,
);
for (const [topic, s] of Object.entries(report.perTopic)) out.push(row(topic, s));
if (report.english.n) out.push(row('(english)', report.english));
out.push('');
out.push(
  `copy check (/check) on ${copy.cases} labelled phrases (${copy.negatives} with nothing to find): precision ${pct(copy.precision)}, recall ${pct(copy.recall)}`,
);
out.push(`${'kind'.padEnd(14)} ${'labels'.padStart(6)} ${'found'.padStart(6)} ${'prec'.padStart(6)} ${'recall'.padStart(6)}`);
for (const [kind, k] of Object.entries(copy.perKind))
  out.push(`${kind.padEnd(14)} ${String(k.labelled).padStart(6)} ${String(k.findings).padStart(6)} ${pct(k.precision)} ${pct(k.recall)}`);
process.stdout.write(`${out.join('\n')}\n`);

for (const d of report.dangling) console.error(`unknown expected id: ${d.file}: ${d.q} → ${d.expect}`);
if (report.misses.length) console.error(`\nmisses (${report.misses.length}):`);
for (const m of copy.misses) console.error(`copy check missed: 「${m.span}」 (${m.kind}) in ${m.text}`);
for (const f of copy.falsePositives) console.error(`copy check false alarm: 「${f.span}」 (${f.kind}) in ${f.text}`);
for (const m of report.misses) {
  const extra = values.verbose ? `   [top-3: ${m.candidates.join(', ')}]` : '';
  console.error(`${m.file}: ${m.q}  expected ${m.expected ?? 'none'}, got ${m.outcome}${m.got ? ` ${m.got}` : ''}${extra}`);
}
