/** Checks listing copy for banned and risky wording with the rules in knowledge/copy-rules.yaml, as /check does. */
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { createInterface } from 'node:readline';
import { renderPlain } from '../src/core/plain-text.js';
import { formatFindings } from '../src/compliance/format.js';
import { readCopyRules } from '../src/compliance/load.js';
import type { FaqSource } from '../src/knowledge/faq-links.js';
import { formatProblem, readKnowledgeFiles } from '../src/knowledge/load.js';

const USAGE = `
Usage: npm run -s check -- [options] [text]

Checks listing copy (the argument, or stdin one text per line) for banned and risky wording.

  npm run -s check -- "全网最低价 纯天然"          the reply a merchant would see
  npm run -s check -- --json "全网最低价 纯天然"   {"text":…,"findings":[{"span","start","end","kind","rule","suggestion"}]}
  printf '标题一\\n标题二\\n' | npm run -s check -- --json   one JSON line per input line

start/end index the text as JavaScript strings do (UTF-16), so text.slice(start, end) === span.

Options:
  --json          print JSON instead of text
  --dir <folder>  the knowledge folder with copy-rules.yaml (default $BOT_KNOWLEDGE_DIR or ./knowledge)
  -h, --help      this text

Results on stdout, problems on stderr; exit 1 when the rules file has problems.
`;

const { values, positionals } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
  },
});

const { checker, problems } = await readCopyRules(values.dir);
for (const p of problems) console.error(formatProblem(p));
if (!checker) process.exit(1);

// The readable form links each kind to its FAQ entries; JSON needs none of that.
let faq: FaqSource = { current: () => undefined };
if (!values.json) {
  const entries = new Map((await readKnowledgeFiles(values.dir)).entries.map(({ entry }) => [entry.id, entry]));
  faq = { current: () => ({ entry: (id) => entries.get(id) }) };
}

// An arrow, not a hoisted function, so that `checker` stays narrowed to defined after the exit above.
const print = (text: string): void => {
  const findings = checker.check(text);
  if (values.json) {
    const out = findings.map(({ span, start, end, kind, rule, suggestion }) => ({ span, start, end, kind, rule, suggestion }));
    process.stdout.write(`${JSON.stringify({ text, findings: out })}\n`);
  } else {
    process.stdout.write(`> ${text}\n${renderPlain(formatFindings(findings, checker.rules, faq, 'zh-CN'))}\n\n`);
  }
};

if (positionals.length) {
  print(positionals.join(' '));
} else {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) print(line.trim());
  }
}
