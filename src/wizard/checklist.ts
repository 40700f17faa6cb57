import type { Answers } from './answers.js';
import type { ChecklistItem, KaidianRules } from './schema.js';

/** A finished set of answers: every question answered (platforms may be none). */
export interface CompleteAnswers {
  goods: string;
  identity: string;
  platforms: string[];
}

/** A section of one merchant's checklist with the items that apply. */
export interface ChecklistSection {
  id: string;
  title: string;
  en: { title: string };
  items: ChecklistItem[];
}

/** Narrows answers to complete ones, or undefined while a question is open. */
export function complete(answers: Answers): CompleteAnswers | undefined {
  return answers.goods && answers.identity && answers.done
    ? { goods: answers.goods, identity: answers.identity, platforms: answers.platforms }
    : undefined;
}

/** Whether an item's conditions hold: each listed question answered with a listed option (platforms: any one). */
export function applies(item: ChecklistItem, answers: CompleteAnswers): boolean {
  const { goods, identity, platforms } = item.when;
  return (
    (!goods || goods.includes(answers.goods)) &&
    (!identity || identity.includes(answers.identity)) &&
    (!platforms || platforms.some((p) => answers.platforms.includes(p)))
  );
}

/**
 * The checklist for one merchant: every item whose conditions hold, grouped by section in the order the
 * sections are listed, items in file order. Empty sections are left out.
 *
 * @example
 * buildChecklist(rules, { goods: 'farm', identity: 'self', platforms: ['tb'] })[0].items[0].title
 * // → '营业执照：个人卖自家种养的农副产品，可以不办'
 */
export function buildChecklist(rules: KaidianRules, answers: CompleteAnswers): ChecklistSection[] {
  return rules.sections
    .map((s) => ({
      id: s.id,
      title: s.title,
      en: s.en,
      items: rules.checklist.filter((item) => item.section === s.id && applies(item, answers)),
    }))
    .filter((s) => s.items.length);
}
