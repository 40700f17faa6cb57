import { readDataFile } from '../knowledge/data-file.js';
import type { KnowledgeProblem } from '../knowledge/load.js';
import { CANCEL_WORDS, DONE_WORDS, KaidianFileSchema, QUESTIONS, type KaidianRules } from './schema.js';
import { applies } from './checklist.js';

/** The wizard's decision rules live beside the FAQ in the knowledge folder. */
const KAIDIAN_FILE = 'kaidian.yaml';

/** The wizard rules from the file, or the problems that kept them out of service. */
export interface LoadedKaidian {
  /** Undefined when the file has problems: a wrong checklist is worse than none. */
  rules: KaidianRules | undefined;
  problems: KnowledgeProblem[];
}

const RESERVED = new Set<string>([...CANCEL_WORDS, ...DONE_WORDS]);

/**
 * Reads and checks `knowledge/kaidian.yaml`: the schema, then what it cannot see: duplicate ids, option
 * words shared between options or clashing with 取消/完成, items naming unknown sections or options, FAQ ids
 * that do not exist (when `faqIds` is given), and a registration answer for every kind of goods × identity.
 *
 * @example
 * const { rules, problems } = await readKaidianRules('knowledge', faqIds);
 */
export async function readKaidianRules(dir: string, faqIds?: ReadonlySet<string>): Promise<LoadedKaidian> {
  const data = await readDataFile(dir, KAIDIAN_FILE, KaidianFileSchema);
  const problems = [...data.problems];
  const rules = data.value;
  if (!rules) return { rules: undefined, problems };
  const at = (keys: PropertyKey[], message: string) => problems.push({ file: data.file, line: data.lineAt(keys), message });

  const wordOwner = new Map<string, string>();
  for (const q of QUESTIONS) {
    const ids = new Set<string>();
    rules[q].options.forEach((o, i) => {
      if (ids.has(o.id)) at([q, 'options', i, 'id'], `duplicate option id "${o.id}" in ${q}`);
      ids.add(o.id);
      o.words.forEach((word, j) => {
        const owner = `${q}.${o.id}`;
        if (RESERVED.has(word) || /^\d+$/u.test(word))
          at([q, 'options', i, 'words', j], `"${word}" is reserved (取消/完成/digits) and cannot name an option`);
        else if (wordOwner.has(word) && wordOwner.get(word) !== owner)
          at([q, 'options', i, 'words', j], `"${word}" also names ${wordOwner.get(word)}`);
        wordOwner.set(word, owner);
      });
    });
  }

  const sections = new Set(rules.sections.map((s) => s.id));
  const itemIds = new Set<string>();
  rules.checklist.forEach((item, i) => {
    if (itemIds.has(item.id)) at(['checklist', i, 'id'], `duplicate item id "${item.id}"`);
    itemIds.add(item.id);
    if (!sections.has(item.section))
      at(['checklist', i, 'section'], `unknown section "${item.section}" (sections: ${[...sections].join(', ')})`);
    for (const q of QUESTIONS) {
      (item.when[q] ?? []).forEach((id, j) => {
        if (!rules[q].options.some((o) => o.id === id)) at(['checklist', i, 'when', q, j], `unknown ${q} option "${id}" in ${item.id}`);
      });
    }
    if (faqIds) {
      item.faq.forEach((id, j) => {
        if (!faqIds.has(id)) at(['checklist', i, 'faq', j], `FAQ id "${id}" does not exist (in ${item.id})`);
      });
    }
  });

  // Every merchant must learn whether they need a business licence: the first section must cover all pairs.
  const first = rules.sections[0]!;
  for (const g of rules.goods.options) {
    for (const who of rules.identity.options) {
      // With no platform chosen, only items that do not depend on one apply.
      const covered = rules.checklist.some(
        (item) => item.section === first.id && applies(item, { goods: g.id, identity: who.id, platforms: [] }),
      );
      if (!covered) at(['sections', 0], `no "${first.title}" item for goods ${g.id} × identity ${who.id}`);
    }
  }
  return { rules: problems.length ? undefined : rules, problems };
}
