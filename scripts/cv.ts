/** Developer tool: cross-validation on the knowledge base's own phrasings, to choose retrieval settings. */
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { buildEngine } from '../src/knowledge/build.js';
import { loadEvalSet } from '../src/knowledge/evaluate.js';
import { loadKnowledgeFiles } from '../src/knowledge/load.js';
import type { EngineTuning } from '../src/knowledge/params.js';
import { makeFolds } from '../src/knowledge/folds.js';

const USAGE = `
Usage: npx tsx scripts/cv.ts [options]

Developer tool: cross-validation on the knowledge base's own phrasings, to choose retrieval
settings without looking at the labelled questions in test/eval. Fold k takes every k-th alternate
out of each entry (src/knowledge/folds.ts), builds the engine from the rest and asks the held-out
alternates; prints rank-1 / rank-3 per variant, summed over the folds.

  npx tsx scripts/cv.ts [--dir knowledge] [--folds 4] [--variants '{"name": {"retrieve": {...}}, ...}'] [--eval test/eval]
  npx tsx scripts/cv.ts --folds 8 --confusions 20   → also the held-out alternates ranked under another entry,
    grouped by pair (expected → ranked first): where two entries' phrasings do not tell them apart

With --eval it also prints each variant's ranking on the labelled set, for the report only.

  -h, --help  this text
`;

const { values } = parseCommandLine(USAGE, {
  options: {
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
    folds: { type: 'string', default: '4' },
    variants: { type: 'string', default: '{"default": {}}' },
    eval: { type: 'string' },
    confusions: { type: 'string', default: '0' },
  },
});

// A broken knowledge folder would be measured silently: refuse it (the error lists every problem).
const files = await loadKnowledgeFiles(values.dir);
const folds = Number(values.folds);
const variants = JSON.parse(values.variants) as Record<string, EngineTuning>;
const items = values.eval ? await loadEvalSet(values.eval) : [];

const splits = makeFolds(files, folds);
for (const [name, tuning] of Object.entries(variants)) {
  let n = 0,
    r1 = 0,
    r3 = 0;
  const confused = new Map<string, string[]>();
  for (const { train, held } of splits) {
    const { entries, analyzer, retriever } = buildEngine(train, tuning, { classifier: false });
    for (const h of held) {
      if (h.expect === null) continue;
      const ids = retriever
        .rank(analyzer.analyze(h.q))
        .candidates.slice(0, 3)
        .map((c) => entries[c.entry]!.id);
      n++;
      if (ids[0] === h.expect) r1++;
      else {
        const pair = `${h.expect} → ${ids[0] ?? '(nothing)'}`;
        confused.set(pair, [...(confused.get(pair) ?? []), h.q]);
      }
      if (ids.includes(h.expect)) r3++;
    }
  }
  let line = `${name.padEnd(24)} cv n ${n} rank1 ${(r1 / n).toFixed(3)} rank3 ${(r3 / n).toFixed(3)}`;
  if (items.length) {
    const { entries, analyzer, retriever } = buildEngine(files, tuning, { classifier: false });
    let m = 0,
      e1 = 0,
      e3 = 0;
    for (const item of items) {
      if (item.expect === null) continue;
      const ids = retriever
        .rank(analyzer.analyze(item.q))
        .candidates.slice(0, 3)
        .map((c) => entries[c.entry]!.id);
      m++;
      if (ids[0] === item.expect) e1++;
      if (ids.includes(item.expect)) e3++;
    }
    line += `   eval rank1 ${(e1 / m).toFixed(3)} rank3 ${(e3 / m).toFixed(3)}`;
  }
  console.log(line);
  const shown = [...confused].sort((a, b) => b[1].length - a[1].length).slice(0, Number(values.confusions));
  for (const [pair, questions] of shown) console.log(`  ${questions.length}× ${pair}: ${questions.slice(0, 3).join(' | ')}`);
}
