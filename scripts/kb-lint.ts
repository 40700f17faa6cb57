/**
 * Checks the knowledge base: schema, duplicate ids, dangling related ids, missing sources and phrasings
 * shared between entries. Prints `file:line: message` per problem and exits 1 if there is any.
 */
import '../src/quiet-dotenv.js';
import { parseArgs } from 'node:util';
import { formatProblem, readKnowledgeFiles } from '../src/knowledge/load.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: process.env.BOT_KNOWLEDGE_DIR ?? 'knowledge' } } });
const files = await readKnowledgeFiles(values.dir);
for (const p of files.problems) console.log(formatProblem(p));
const summary = `${files.entries.length} entries, ${files.synonyms.terms.length} synonym terms, ${files.problems.length} problems`;
console.error(summary);
process.exit(files.problems.length ? 1 : 0);
