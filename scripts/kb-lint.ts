/**
 * Checks the knowledge base: schema, duplicate ids, dangling related ids, missing sources and phrasings
 * shared between entries, and the tools' rule files (copy-rules.yaml, kaidian.yaml). Prints
 * `file:line: message` per problem and exits 1 if there is any.
 */
import '../src/quiet-dotenv.js';
import { parseArgs } from 'node:util';
import { formatProblem, readKnowledgeFiles } from '../src/knowledge/load.js';
import { readCopyRules } from '../src/compliance/load.js';
import { readKaidianRules } from '../src/wizard/load.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' } } });
const files = await readKnowledgeFiles(values.dir);
// The tools' rules beside the FAQ (copy check, shop wizard) link to FAQ ids that must exist.
const faqIds = new Set(files.entries.map((e) => e.entry.id));
files.problems.push(...(await readCopyRules(values.dir, faqIds)).problems, ...(await readKaidianRules(values.dir, faqIds)).problems);
for (const p of files.problems) console.log(formatProblem(p));
const examples = files.offTopic.reduce((n, t) => n + t.examples.length, 0);
const summary = `${files.entries.length} entries, ${files.synonyms.terms.length} synonym terms, ${files.offTopic.length} off-topic topics (${examples} examples), ${files.problems.length} problems`;
console.error(summary);
process.exit(files.problems.length ? 1 : 0);
