import path from 'node:path';
import type { z } from 'zod';
import { knowledgePath, lineOf, nodeAt, parseYaml, type KnowledgeProblem } from './yaml-file.js';

/** One YAML data file of the knowledge folder, checked against its schema, with a way to point at lines. */
export interface DataFile<T> {
  /** The parsed value, or undefined when the file is missing, not YAML, or fails the schema. */
  value: T | undefined;
  /** Every problem found, located by file and line like the FAQ loader's. */
  problems: KnowledgeProblem[];
  /** The path shown in problems: `knowledge/copy-rules.yaml`. */
  file: string;
  /** The line of the node at a path (`['rules', 3, 'faq', 0]`), for checks the schema cannot make. */
  lineAt(keys: PropertyKey[]): number;
}

/**
 * Reads `<dir>/<name>` (a file beside the FAQ: synonyms, off-topic examples, copy-check terms, wizard decisions)
 * and validates it with `schema`. Never throws for content: a YAML error or a schema issue becomes a problem,
 * and so does a missing file unless `optional` (then it is simply absent).
 *
 * @example
 * const data = await readDataFile('knowledge', 'kaidian.yaml', KaidianFileSchema);
 * for (const p of data.problems) console.log(formatProblem(p));
 */
export async function readDataFile<S extends z.ZodType>(dir: string, name: string, schema: S, options: { optional?: boolean } = {}): Promise<DataFile<z.infer<S>>> {
  const file = knowledgePath(dir, name);
  const problems: KnowledgeProblem[] = [];
  let parsed;
  try {
    parsed = await parseYaml(path.join(dir, name), file, problems);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (!(missing && options.optional)) problems.push({ file, line: 1, message: missing ? 'file is missing' : `cannot read: ${(err as Error).message}` });
    return { value: undefined, problems, file, lineAt: () => 1 };
  }
  const { doc, counter, ok } = parsed;
  const lineAt = (keys: PropertyKey[]) => lineOf(nodeAt(doc.contents, keys), counter);
  if (!ok) return { value: undefined, problems, file, lineAt };
  // An optional file left empty (or only comments) is as good as absent.
  if (options.optional && doc.contents === null) return { value: undefined, problems, file, lineAt };
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { value: result.data, problems, file, lineAt };
  for (const issue of result.error.issues) {
    const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
    problems.push({ file, line: lineAt(issue.path), message: `${issue.message}${where}` });
  }
  return { value: undefined, problems, file, lineAt };
}
