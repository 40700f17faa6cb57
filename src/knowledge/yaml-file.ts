import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';

/** A problem in a knowledge file, located so an author can jump to it. */
export interface KnowledgeProblem {
  file: string;
  line: number;
  message: string;
}

/** A file of the knowledge folder as problems name it: from the folder's own name (knowledge/faq/shop.yaml). */
export function knowledgePath(dir: string, ...parts: string[]): string {
  return path.join(path.basename(dir), ...parts);
}

export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** The 1-based line a YAML node starts on (1 when the node is unknown). */
export function lineOf(node: Node | null | undefined, counter: LineCounter): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : counter.linePos(offset).line;
}

/** Walks a zod issue path down the YAML tree so the message points at the offending field, not the entry. */
export function nodeAt(root: Node | null | undefined, keys: PropertyKey[]): Node | null | undefined {
  let node = root;
  for (const key of keys) {
    if (!node || typeof node !== 'object' || !('get' in node)) break;
    const next = (node as { get(k: unknown, keep: true): unknown }).get(key, true) as Node | undefined;
    if (!next) break;
    node = next;
  }
  return node;
}

/** Parses one YAML file with line positions; syntax errors go to `problems` and `ok` is false. */
export async function parseYaml(file: string, rel: string, problems: KnowledgeProblem[]) {
  const source = await readFile(file, 'utf8');
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  for (const err of doc.errors) {
    problems.push({ file: rel, line: counter.linePos(err.pos[0]).line, message: err.message.split('\n')[0] ?? 'YAML error' });
  }
  return { doc, counter, ok: doc.errors.length === 0 };
}
