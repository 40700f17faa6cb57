/**
 * Scores the answerer on the labelled questions in test/eval/*.yaml.
 *
 *   npx tsx scripts/eval.ts            → summary and per-topic table on stdout, misses on stderr
 *   npx tsx scripts/eval.ts --json     → the metrics as one JSON object (misses included)
 *   npx tsx scripts/eval.ts --verbose  → misses with their top-3 candidates
 *
 * Options: --dir <knowledge folder> (default $BOT_KNOWLEDGE_DIR or ./knowledge), --eval <folder> (default test/eval).
 * Exit code 0 even below the thresholds: the vitest test (test/knowledge/eval.test.ts) is the gate.
 */
import '../src/quiet-dotenv.js';
import { parseArgs } from 'node:util';
import { buildAnswerer } from '../src/knowledge/build.js';
import { scoreCopyRules } from '../src/compliance/evaluate.js';
import { evaluate, loadEvalSet, type TopicScore } from '../src/knowledge/evaluate.js';
import { formatProblem, readKnowledgeFiles } from '../src/knowledge/load.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
    eval: { type: 'string', default: 'test/eval' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const files = await readKnowledgeFiles(values.dir);
if (files.problems.length) console.error(`warning: ${files.problems.length} knowledge problems (npm run -s kb:lint), e.g. ${formatProblem(files.problems[0]!)}`);
const answerer = buildAnswerer(files);
const items = await loadEvalSet(values.eval);
const report = evaluate(answerer, items);
const copy = await scoreCopyRules(values.dir);

if (values.json) {
  process.stdout.write(`${JSON.stringify({ ...report, copyCheck: copy }, null, 2)}\n`);
  process.exit(0);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const out: string[] = [];
out.push(`knowledge: ${answerer.size} entries; questions: ${report.inScope} in scope, ${report.outOfScope} out of scope${report.dangling.length ? `, ${report.dangling.length} with an unknown expected id (not scored)` : ''}`);
out.push('');
out.push(`top-1 accuracy           ${pct(report.top1)}   (answer with the expected entry, or clarify whose first choice is it)`);
out.push(`top-3 accuracy           ${pct(report.top3)}   (expected entry among the first 3 ranked candidates, any outcome)`);
out.push(`shown-3                  ${pct(report.shown3)}   (expected entry is the answer or one of the clarify choices)`);
out.push(`wrong answers            ${pct(report.wrongAnswer)}   (outcome answer with another entry)`);
out.push(`clarify rate             ${pct(report.clarifyRate)}   (in-scope questions answered with "您是想问")`);
out.push(`none on in-scope         ${pct(report.noneRate)}`);
out.push(`out-of-scope rejection   ${pct(report.outOfScopeRejection)}   (outcome none; clarify does NOT count as rejection)`);
out.push(`out-of-scope clarify     ${pct(report.outOfScopeClarify)}`);
out.push(`out-of-scope answered    ${pct(report.outOfScopeAnswered)}`);
out.push('');
const row = (name: string, s: TopicScore) =>
  `${name.padEnd(14)} ${String(s.n).padStart(4)} ${pct(s.top1)} ${pct(s.top3)} ${pct(s.shown3)} ${pct(s.wrongAnswer)} ${pct(s.clarify)} ${pct(s.none)}`;
out.push(`${'topic'.padEnd(14)} ${'n'.padStart(4)} ${'top1'.padStart(6)} ${'top3'.padStart(6)} ${'shown3'.padStart(6)} ${'wrong'.padStart(6)} ${'clarif'.padStart(6)} ${'none'.padStart(6)}`);
for (const [topic, s] of Object.entries(report.perTopic)) out.push(row(topic, s));
if (report.english.n) out.push(row('(english)', report.english));
out.push(`${'out-of-scope'.padEnd(14)} ${String(report.outOfScope).padStart(4)}   rejection ${pct(report.outOfScopeRejection)}, clarify ${pct(report.outOfScopeClarify)}, answered ${pct(report.outOfScopeAnswered)}`);
out.push('');
// Each writer's questions apart (writerN*.yaml; the rest is the first writer's). Writers 2 and 3 were measured
// blind once each (their file headers keep those numbers); the thresholds have since been tuned on all three.
const writerOf = (file: string) => /^writer\d+/u.exec(file)?.[0] ?? 'writer1';
const writers = [...new Set(items.map((i) => writerOf(i.file)))].sort();
if (writers.length > 1) {
  for (const writer of writers) {
    const r = evaluate(answerer, items.filter((i) => writerOf(i.file) === writer));
    out.push(`${writer.padEnd(14)} ${String(r.inScope).padStart(4)} in / ${String(r.outOfScope).padStart(3)} out   top-1 ${pct(r.top1)}  top-3 ${pct(r.top3)}  wrong ${pct(r.wrongAnswer)}  rejection ${pct(r.outOfScopeRejection)}`);
  }
  out.push('');
}
out.push(`copy check (/check) on ${copy.cases} labelled phrases (${copy.negatives} with nothing to find): precision ${pct(copy.precision)}, recall ${pct(copy.recall)}`);
out.push(`${'kind'.padEnd(14)} ${'labels'.padStart(6)} ${'found'.padStart(6)} ${'prec'.padStart(6)} ${'recall'.padStart(6)}`);
for (const [kind, k] of Object.entries(copy.perKind)) out.push(`${kind.padEnd(14)} ${String(k.labelled).padStart(6)} ${String(k.findings).padStart(6)} ${pct(k.precision)} ${pct(k.recall)}`);
process.stdout.write(`${out.join('\n')}\n`);

for (const d of report.dangling) console.error(`unknown expected id: ${d.file}: ${d.q} → ${d.expect}`);
if (report.misses.length) console.error(`\nmisses (${report.misses.length}):`);
for (const m of copy.misses) console.error(`copy check missed: 「${m.span}」 (${m.kind}) in ${m.text}`);
for (const f of copy.falsePositives) console.error(`copy check false alarm: 「${f.span}」 (${f.kind}) in ${f.text}`);
for (const m of report.misses) {
  const extra = values.verbose ? `   [top-3: ${m.candidates.join(', ')}]` : '';
  console.error(`${m.file}: ${m.q}  expected ${m.expected ?? 'none'}, got ${m.outcome}${m.got ? ` ${m.got}` : ''}${extra}`);
}
