import { readCopyRules } from '../compliance/load.js';
import { readKaidianRules } from '../wizard/load.js';
import { alsoCheckProblems, reviewSources, type SourcesReview } from './authoring.js';
import { readKnowledgeFiles, type KnowledgeFiles } from './load.js';

/**
 * Everything `npm run kb:lint` checks in a knowledge folder: the FAQ, synonyms and off-topic examples
 * (readKnowledgeFiles); the tools' rule files beside them, whose FAQ links must exist and which cite laws too; the
 * also-check line of "do I need X?" entries; and that every cited law or number is in sources.yaml. `problems`
 * holds them all; `sources` is the citation review (for `--sources`).
 */
export async function lintKnowledge(dir: string): Promise<KnowledgeFiles & { sources: SourcesReview }> {
  const files = await readKnowledgeFiles(dir);
  const faqIds = new Set(files.entries.map((e) => e.entry.id));
  const sources = await reviewSources(dir);
  files.problems.push(
    ...(await readCopyRules(dir, faqIds)).problems,
    ...(await readKaidianRules(dir, faqIds)).problems,
    ...alsoCheckProblems(files.entries),
    ...sources.problems,
  );
  return { ...files, sources };
}
