import { readDataFile } from '../knowledge/data-file.js';
import type { KnowledgeProblem } from '../knowledge/load.js';
import { createCopyChecker, type CopyChecker } from './matcher.js';
import { CopyRulesFileSchema, type CopyRules } from './schema.js';

/** The copy rules live beside the FAQ in the knowledge folder. */
const COPY_RULES_FILE = 'copy-rules.yaml';

/** The checker built from the file, or the problems that kept it from being built. */
export interface LoadedCopyRules {
  /** Undefined when the file has problems: a half-valid rule set would miss banned words silently. */
  checker: CopyChecker | undefined;
  problems: KnowledgeProblem[];
}

const quote = (findings: { span: string; ruleId: string }[]) => findings.map((f) => `"${f.span}" (${f.ruleId})`).join(', ') || 'nothing';

/**
 * Reads and checks `knowledge/copy-rules.yaml`: the schema, then what the schema cannot see: unknown kinds,
 * duplicate rule ids, FAQ ids that do not exist (when `faqIds` is given), and every rule's own examples
 * (each `hits` phrase must be flagged by that rule, each `misses` phrase by none).
 *
 * @example
 * const { checker, problems } = await readCopyRules('knowledge', new Set(['ad-absolute-terms']));
 */
export async function readCopyRules(dir: string, faqIds?: ReadonlySet<string>): Promise<LoadedCopyRules> {
  const data = await readDataFile(dir, COPY_RULES_FILE, CopyRulesFileSchema);
  const problems = [...data.problems];
  const rules: CopyRules | undefined = data.value;
  if (!rules) return { checker: undefined, problems };
  const at = (keys: PropertyKey[], message: string) => problems.push({ file: data.file, line: data.lineAt(keys), message });

  if (faqIds) {
    for (const [id, kind] of Object.entries(rules.kinds)) {
      kind.faq.forEach((faq, i) => {
        if (!faqIds.has(faq)) at(['kinds', id, 'faq', i], `FAQ id "${faq}" does not exist (kind ${id})`);
      });
    }
  }
  const seen = new Set<string>();
  rules.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) at(['rules', i, 'id'], `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    if (!rules.kinds[rule.kind]) at(['rules', i, 'kind'], `unknown kind "${rule.kind}" (kinds: ${Object.keys(rules.kinds).join(', ')})`);
  });
  if (problems.length) return { checker: undefined, problems };

  const checker = createCopyChecker(rules);
  rules.rules.forEach((rule, i) => {
    rule.hits.forEach((phrase, j) => {
      const found = checker.check(phrase);
      if (!found.some((f) => f.ruleId === rule.id))
        at(['rules', i, 'hits', j], `example "${phrase}" is not flagged by ${rule.id} (found: ${quote(found)})`);
    });
    rule.misses.forEach((phrase, j) => {
      const found = checker.check(phrase);
      if (found.length) at(['rules', i, 'misses', j], `example "${phrase}" must raise nothing (found: ${quote(found)})`);
    });
  });
  return { checker: problems.length ? undefined : checker, problems };
}
