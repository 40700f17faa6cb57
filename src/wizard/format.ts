import type { Reply, Suggestion } from '../core/message.js';
import type { Locale } from '../core/texts.js';
import { faqLinks, type FaqSource } from '../knowledge/faq-links.js';
import { toArgs, type Answers } from './answers.js';
import { buildChecklist, type CompleteAnswers } from './checklist.js';
import { QUESTIONS, type KaidianRules, type Option, type Question } from './schema.js';
import { TEXTS } from './texts.js';

/** The command every wizard button runs. */
export const KAIDIAN_COMMAND = 'kaidian';

const action = (answers: Answers, showPlatforms = false) => `/${KAIDIAN_COMMAND} ${toArgs(answers, showPlatforms)}`.trimEnd();

function choices(rules: KaidianRules, answers: Answers, step: Question, locale: Locale): Suggestion[] {
  const label = (o: Option) => (locale === 'en' ? o.en.label : o.label);
  if (step !== 'platforms') return rules[step].options.map((o) => ({ label: label(o), action: action({ ...answers, [step]: o.id }) }));
  const toggled = rules.platforms.options.map((o) => {
    const chosen = answers.platforms.includes(o.id);
    const platforms = chosen ? answers.platforms.filter((p) => p !== o.id) : [...answers.platforms, o.id];
    return { label: `${chosen ? '✓ ' : ''}${label(o)}`, action: action({ ...answers, platforms }, true) };
  });
  const n = answers.platforms.length;
  return [...toggled, { label: n ? TEXTS[locale].done(n) : TEXTS[locale].noPlatformYet, action: action({ ...answers, done: true }, true) }];
}

/** One wizard question with its choices. `problem` says what was not understood in the last input. */
export function questionReply(rules: KaidianRules, answers: Answers, step: Question, locale: Locale, problem?: string): Reply {
  const t = TEXTS[locale];
  const lines = [
    problem,
    locale === 'en' ? rules[step].en.prompt : rules[step].prompt,
    step === 'platforms' ? t.pickMany : t.pickOne,
  ].filter(Boolean);
  return {
    title: t.step(QUESTIONS.indexOf(step) + 1, QUESTIONS.length),
    text: lines.join('\n'),
    suggestions: choices(rules, answers, step, locale),
  };
}

const nameOf = (rules: KaidianRules, question: Question, id: string, locale: Locale) => {
  const option = rules[question].options.find((o) => o.id === id);
  if (!option) return id;
  return locale === 'en' ? (option.en.short ?? option.en.label) : (option.short ?? option.label);
};

/**
 * The checklist as one reply: sections with numbered items (what, why with the law, where to apply), the
 * disclaimer, and the FAQ entries behind the items as follow-ups.
 */
export function checklistReply(rules: KaidianRules, answers: CompleteAnswers, faq: FaqSource, locale: Locale): Reply {
  const t = TEXTS[locale];
  const sections = buildChecklist(rules, answers);
  let n = 0;
  const blocks = sections.map((s, i) => {
    const items = s.items.map((item) => t.item(++n, item.title, item.why, item.where));
    return [t.section(i, locale === 'en' ? s.en.title : s.title), ...items].join('\n\n');
  });
  const platforms = t.list(answers.platforms.map((p) => nameOf(rules, 'platforms', p, locale))) || t.platformsOpen;
  return {
    title: t.checklistTitle(nameOf(rules, 'goods', answers.goods, locale), nameOf(rules, 'identity', answers.identity, locale), platforms),
    text: [...blocks, t.reviewed(rules.disclaimer, rules.reviewed)].join('\n\n'),
    suggestions: faqLinks(faq, firstOfEach(sections.flatMap((s) => s.items.map((item) => item.faq)))),
  };
}

/**
 * The items' FAQ ids in turns: every item's first, then every item's second … Only nine links fit under one
 * reply, and in item order the first few items (each with several entries) would take them all.
 */
function firstOfEach(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (list[i] !== undefined) out.push(list[i]!);
  return out;
}
