/** Asks the knowledge base one question (argument) or many (stdin, one per line). */
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { createInterface } from 'node:readline';
import type { AnswerResult } from '../src/knowledge/answerer.js';
import { parseTriggers } from '../src/config/schema.js';
import { DEFAULT_TRIGGERS } from '../src/core/address.js';
import { buildAnswerer } from '../src/knowledge/build.js';
import { formatProblem, readKnowledgeFiles } from '../src/knowledge/load.js';

const USAGE = `
Usage: npx tsx scripts/ask.ts [options]

Asks the knowledge base one question (argument) or many (stdin, one per line).

  npx tsx scripts/ask.ts --json "抖店要啥证"     → one JSON object
  printf '抖店要啥证\\n卖橘子要办照不\\n' | npx tsx scripts/ask.ts --json   → one JSON line per question
  npx tsx scripts/ask.ts "抖店要啥证"            → the text a user would see, with outcome and score

Options: --dir <knowledge folder> (default $BOT_KNOWLEDGE_DIR or ./knowledge), --contact <text>
(default $BOT_CONTACT), --en (answer in English). Logs go to stderr, results to stdout. The question is read
as the chat reads it: mentions, trigger prefixes ($BOT_TRIGGERS) and lead-ins (请问, 问下) taken off.

  -h, --help  this text
`;

const { values, positionals } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
    contact: { type: 'string', default: process.env.BOT_CONTACT },
    en: { type: 'boolean', default: false },
  },
});

const started = performance.now();
const files = await readKnowledgeFiles(values.dir);
for (const p of files.problems) console.error(`warning: ${formatProblem(p)}`);
if (files.entries.length === 0) {
  console.error(`no knowledge entries found under ${values.dir}/faq (set --dir or BOT_KNOWLEDGE_DIR)`);
  process.exit(1);
}
const triggers = process.env.BOT_TRIGGERS === undefined ? DEFAULT_TRIGGERS : parseTriggers(process.env.BOT_TRIGGERS);
const answerer = buildAnswerer(files, { triggers, ...(values.contact ? { contact: values.contact } : {}) });
console.error(`${answerer.size} entries indexed in ${Math.round(performance.now() - started)} ms`);

function print(result: AnswerResult): void {
  if (values.json) {
    const { question, outcome, entryId, score, answer, suggestions, offTopic } = result;
    // The issue's fields, plus the off-topic topic a "none" referred the asker to (text mode shows it too).
    process.stdout.write(
      `${JSON.stringify({ question, outcome, entryId: entryId ?? null, score, answer, suggestions, ...(offTopic ? { offTopic } : {}) })}\n`,
    );
    return;
  }
  const head = `[${result.outcome}] ${result.entryId ?? '-'} score ${result.score}${result.offTopic ? ` (off-topic: ${result.offTopic})` : ''}`;
  process.stdout.write(`? ${result.question}\n${head}\n${result.answer}\n\n`);
}

const ask = (q: string) => print(answerer.ask(q, values.en ? { locale: 'en' } : {}));

if (positionals.length) {
  ask(positionals.join(' '));
} else {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) ask(line.trim());
  }
}
