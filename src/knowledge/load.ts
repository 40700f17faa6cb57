import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isSeq, type Node } from 'yaml';
import { readDataFile } from './data-file.js';
import { formatProblem, knowledgePath, lineOf, nodeAt, parseYaml, type KnowledgeProblem } from './yaml-file.js';
import { normalizeBase } from './normalize.js';
import { EntrySchema, OffTopicFileSchema, phrasingsOf, SynonymFileSchema, TopicsFileSchema, type Entry, type OffTopic, type SynonymFile, type Topic } from './schema.js';

// Callers of the loader name its problems too; the helpers live apart so data-file.ts needs no loader.
export { formatProblem, knowledgePath, type KnowledgeProblem } from './yaml-file.js';

export interface LoadedEntry {
  entry: Entry;
  file: string;
  line: number;
}

export interface KnowledgeFiles {
  entries: LoadedEntry[];
  /** knowledge/topics.yaml: the topics entries belong to, with their names. */
  topics: Topic[];
  synonyms: SynonymFile;
  /** knowledge/off-topic.yaml: questions the bot does not answer, and where to send the asker. */
  offTopic: OffTopic[];
  problems: KnowledgeProblem[];
}

/** Thrown when the knowledge folder cannot be used; `problems` lists every error found, not just the first. */
export class KnowledgeError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'KnowledgeError';
  }
}

async function loadFaqFile(file: string, rel: string, problems: KnowledgeProblem[]): Promise<LoadedEntry[]> {
  const { doc, counter, ok } = await parseYaml(file, rel, problems);
  if (!ok) return [];
  if (!isSeq(doc.contents)) {
    problems.push({ file: rel, line: 1, message: 'an FAQ file must be a YAML list of entries' });
    return [];
  }
  const loaded: LoadedEntry[] = [];
  const values = doc.toJS() as unknown[];
  doc.contents.items.forEach((item, index) => {
    const node = item as Node;
    const result = EntrySchema.safeParse(values[index]);
    if (result.success) {
      loaded.push({ entry: result.data, file: rel, line: lineOf(node, counter) });
      return;
    }
    for (const issue of result.error.issues) {
      const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
      problems.push({ file: rel, line: lineOf(nodeAt(node, issue.path), counter), message: `${issue.message}${where}` });
    }
  });
  return loaded;
}

/**
 * Reads every `faq/*.yaml`, `topics.yaml`, `synonyms.yaml` and `off-topic.yaml` under `dir`, collecting schema problems with file and line.
 * It does not throw on content problems: callers decide (the bot refuses to swap in broken knowledge,
 * the linter prints them all).
 */
export async function readKnowledgeFiles(dir: string): Promise<KnowledgeFiles> {
  const problems: KnowledgeProblem[] = [];
  const faqDir = path.join(dir, 'faq');
  let names: string[];
  try {
    names = (await readdir(faqDir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    names = [];
  }
  const entries: LoadedEntry[] = [];
  for (const name of names) {
    entries.push(...(await loadFaqFile(path.join(faqDir, name), knowledgePath(dir, 'faq', name), problems)));
  }
  // Optional only for a folder without entries (a test's copy-rules alone): entries need their topics listed.
  const topicsFile = await readDataFile(dir, 'topics.yaml', TopicsFileSchema, { optional: !entries.length });
  const synonyms = await readDataFile(dir, 'synonyms.yaml', SynonymFileSchema, { optional: true });
  const offTopic = await readDataFile(dir, 'off-topic.yaml', OffTopicFileSchema, { optional: true });
  const topics = offTopic.value?.topics ?? [];
  problems.push(
    ...topicsFile.problems,
    ...topicCheck(topicsFile.value?.topics, entries, topicsFile.file, topicsFile.lineAt),
    ...synonyms.problems,
    ...offTopic.problems,
    ...crossCheck(entries),
    ...synonymCheck(synonyms.value?.terms ?? [], synonyms.file, synonyms.lineAt),
    ...offTopicCheck(topics, entries, offTopic.file, offTopic.lineAt),
  );
  return { entries, topics: topicsFile.value?.topics ?? [], synonyms: synonyms.value ?? { terms: [], dictionary: [] }, offTopic: topics, problems };
}

/** Normal form used to compare phrasings across entries: case, width, punctuation and spaces do not count. */
export function phraseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

// Problems no single entry can see: ids and phrasings must be unique, related ids must exist.
function crossCheck(entries: LoadedEntry[]): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const ids = new Map<string, LoadedEntry>();
  for (const item of entries) {
    const first = ids.get(item.entry.id);
    if (first) {
      problems.push({ file: item.file, line: item.line, message: `duplicate id "${item.entry.id}" (first at ${first.file}:${first.line})` });
    } else {
      ids.set(item.entry.id, item);
    }
  }
  const phrasings = new Map<string, LoadedEntry>();
  for (const item of entries) {
    const { entry } = item;
    for (const rel of entry.related) {
      if (!ids.has(rel)) problems.push({ file: item.file, line: item.line, message: `related id "${rel}" does not exist (in ${entry.id})` });
      if (rel === entry.id) problems.push({ file: item.file, line: item.line, message: `${entry.id} lists itself as related` });
    }
    const own = new Set<string>();
    for (const phrase of phrasingsOf(entry)) {
      const key = phraseKey(phrase);
      if (own.has(key)) continue;
      own.add(key);
      const other = phrasings.get(key);
      if (other && other.entry.id !== entry.id) {
        problems.push({ file: item.file, line: item.line, message: `phrasing "${phrase}" of ${entry.id} also belongs to ${other.entry.id}` });
      } else {
        phrasings.set(key, item);
      }
    }
  }
  return problems;
}

// Every entry's category is a listed topic, listed once; an unreadable topics.yaml is reported on its own.
function topicCheck(topics: readonly Topic[] | undefined, entries: readonly LoadedEntry[], file: string, lineAt: (keys: PropertyKey[]) => number): KnowledgeProblem[] {
  if (!topics) return [];
  const problems: KnowledgeProblem[] = [];
  const ids = new Set<string>();
  topics.forEach((topic, t) => {
    if (ids.has(topic.id)) problems.push({ file, line: lineAt(['topics', t, 'id']), message: `duplicate topic id "${topic.id}"` });
    ids.add(topic.id);
  });
  for (const { entry, file: at, line } of entries) {
    if (!ids.has(entry.category)) problems.push({ file: at, line, message: `category "${entry.category}" of ${entry.id} is not a topic: add it to ${file} with its zh and en names` });
  }
  return problems;
}

// Variants the synonym mapper would skip without a word (see SynonymMapper.add): one Chinese character once
// normalised (抖+ is 抖), or already another term's.
function synonymCheck(terms: SynonymFile['terms'], file: string, lineAt: (keys: PropertyKey[]) => number): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const owner = new Map<string, string>();
  terms.forEach((term, t) => {
    term.variants.forEach((variant, v) => {
      const key = normalizeBase(variant);
      const line = lineAt(['terms', t, 'variants', v]);
      if (Array.from(key).length < 2 && !/^[a-z0-9 ]+$/u.test(key)) problems.push({ file, line, message: `variant "${variant}" of ${term.canonical} is one character once normalised ("${key}"), so it is ignored` });
      const first = owner.get(key);
      if (first !== undefined && first !== term.canonical) problems.push({ file, line, message: `variant "${variant}" of ${term.canonical} already belongs to ${first}` });
      else owner.set(key, term.canonical);
    });
  });
  return problems;
}

// An off-topic example that is also an FAQ phrasing would teach both sides the same question.
function offTopicCheck(topics: readonly OffTopic[], entries: readonly LoadedEntry[], file: string, lineAt: (keys: PropertyKey[]) => number): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const faq = new Map<string, string>();
  for (const { entry } of entries) {
    for (const phrase of phrasingsOf(entry)) faq.set(phraseKey(phrase), entry.id);
  }
  const ids = new Set<string>();
  const seen = new Map<string, string>();
  topics.forEach((topic, t) => {
    if (ids.has(topic.id)) problems.push({ file, line: lineAt(['topics', t, 'id']), message: `duplicate off-topic id "${topic.id}"` });
    ids.add(topic.id);
    topic.examples.forEach((example, i) => {
      const line = lineAt(['topics', t, 'examples', i]);
      const key = phraseKey(example);
      const id = faq.get(key);
      if (id) problems.push({ file, line, message: `off-topic example "${example}" (${topic.id}) is a phrasing of ${id}` });
      const other = seen.get(key);
      if (other) problems.push({ file, line, message: `off-topic example "${example}" (${topic.id}) is already an example of ${other}` });
      else seen.set(key, topic.id);
    });
  });
  return problems;
}

/** Loads the knowledge folder, throwing a KnowledgeError listing every problem if any file is broken. */
export async function loadKnowledgeFiles(dir: string): Promise<KnowledgeFiles> {
  const files = await readKnowledgeFiles(dir);
  if (files.problems.length) throw new KnowledgeError(files.problems);
  return files;
}
