/** Developer tool: fits the decision's confidence model (src/knowledge/confidence.ts) and reports it leave-one-writer-out. */
import { writeFile } from 'node:fs/promises';
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { buildEngine } from '../src/knowledge/build.js';
import { loadEvalSet } from '../src/knowledge/evaluate.js';
import { fitDecision, heldOutSamples, leaveOneWriterOut } from '../src/knowledge/fit-decision.js';
import { loadKnowledgeFiles } from '../src/knowledge/load.js';
import type { OutcomeRates } from '../src/knowledge/outcome-tally.js';

const USAGE = `
Usage: npx tsx scripts/fit-confidence.ts [--dir knowledge] [--eval test/eval] [--write]

Fits the logistic confidence model the decision uses when the knowledge base has a classifier: weights from the
labelled questions (--eval) and the knowledge base's own phrasings held out in 8 folds, the answer threshold
from the labelled questions (the most right answers with at most 3 % wrong and at least 95 % of the
out-of-scope ones declined). Prints what each writer's questions get from a model fitted without that writer
(the numbers to report), then the model fitted on all of them. --write stores that model in src/knowledge/decision-model.ts (run it after changing
the knowledge base's phrasings, the labelled sets, or the ranking; then npm test).

  -h, --help  this text
`;

const { values } = parseCommandLine(USAGE, {
  options: {
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
    eval: { type: 'string', default: 'test/eval' },
    write: { type: 'boolean', default: false },
  },
});

const files = await loadKnowledgeFiles(values.dir);
const items = await loadEvalSet(values.eval);
const engine = buildEngine(files);
const held = heldOutSamples(files);
const { report, folds } = leaveOneWriterOut(engine, items, held);
const model = fitDecision(engine, items, held);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (r: OutcomeRates) =>
  `right ${pct(r.right)}  wrong ${pct(r.wrong)}  asked ${pct(r.asked)} (right among choices ${pct(r.askedWithRight)})  don't know ${pct(r.dontKnow)}  declined ${pct(r.declined)}`;
console.log(`${items.length} labelled questions, ${held.length} held-out phrasings`);
console.log(`leave one writer out: ${line(report.outcomes)}`);
for (const f of folds) console.log(`  without ${f.writer}: threshold ${f.model.threshold}`);
console.log(`fitted on all: threshold ${model.threshold}`);

if (values.write) {
  const round = (xs: readonly number[]) => xs.map((x) => Number(x.toPrecision(6)));
  const stored = {
    ...model,
    mean: round(model.mean),
    scale: round(model.scale),
    weights: round(model.weights),
    bias: Number(model.bias.toPrecision(6)),
  };
  const source = `// Written by \`npx tsx scripts/fit-confidence.ts --write\` (${new Date().toISOString().slice(0, 10)}); do not edit by hand.
// Leave one writer out on ${values.eval}: ${line(report.outcomes)}.
import type { ConfidenceModel } from './confidence.js';

export const DECISION_MODEL: ConfidenceModel = ${JSON.stringify(stored, null, 2)};
`;
  await writeFile('src/knowledge/decision-model.ts', source);
  console.error('wrote src/knowledge/decision-model.ts');
}
