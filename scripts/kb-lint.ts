/** Checks the knowledge base and the tools' rule files; the gate before a knowledge edit goes live. */
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { formatProblem } from '../src/knowledge/load.js';
import { entryAt, type DocumentUse } from '../src/knowledge/authoring.js';
import { lintKnowledge } from '../src/knowledge/lint.js';
import { dayIn, DEFAULT_TIMEZONE } from '../src/core/time.js';

const USAGE = `
Usage: npm run -s kb:lint -- [--dir <folder>] [--sources]

Checks the knowledge base: schema, duplicate ids, dangling related ids, missing sources, phrasings shared between
entries, the tools' rule files (copy-rules.yaml, kaidian.yaml), the also-check line of "do I need X?" entries, and
that every cited law or number is in sources.yaml. Prints file:line: message per problem on stdout, a summary on
stderr, and exits 1 if there is any problem.

Options:
  --dir <folder>  the knowledge folder (default $BOT_KNOWLEDGE_DIR or ./knowledge)
  --sources       also print the documents cited on secondary grounds (not checked against the official text),
                  by re-check date, with the entries that cite them
  -h, --help      this text
`;

const { values } = parseCommandLine(USAGE, {
  options: {
    dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' },
    sources: { type: 'boolean', default: false },
  },
});

const files = await lintKnowledge(values.dir);
const { sources } = files;
for (const p of files.problems) console.log(formatProblem(p));
if (values.sources) console.log(secondaryList(sources.uses));
const examples = files.offTopic.reduce((n, t) => n + t.examples.length, 0);
const summary = `${files.entries.length} entries in ${files.topics.length} topics, ${files.synonyms.terms.length} synonym terms, ${files.offTopic.length} off-topic topics (${examples} examples), ${files.problems.length} problems`;
console.error(summary);
process.exit(files.problems.length ? 1 : 0);

/** The secondary documents, soonest re-check first, each with what it rests on and who cites it. */
function secondaryList(uses: readonly DocumentUse[]): string {
  const today = dayIn(DEFAULT_TIMEZONE)(new Date());
  const secondary = uses.filter((u) => u.document.recheck).sort((a, b) => a.document.recheck!.localeCompare(b.document.recheck!));
  const lines = [`${secondary.length} of ${uses.length} cited documents are secondary (not checked against the official text):`];
  for (const { document, citedAt } of secondary) {
    const overdue = document.recheck! < today ? ' OVERDUE' : '';
    const where = [...new Set(citedAt.map((c) => entryAt(files.entries, c.file, c.line) ?? `${c.file}:${c.line}`))];
    lines.push(
      `${document.recheck}${overdue}  ${document.title}`,
      `    rests on: ${document.secondary}`,
      `    cited in: ${where.join(', ')}`,
    );
  }
  return lines.join('\n');
}
