import type { Reply, Suggestion } from '../core/message.js';
import { faqLinks, type FaqSource } from '../knowledge/faq-links.js';
import { toArgs, type Answers } from './answers.js';
import { buildChecklist, type CompleteAnswers } from './checklist.js';
import { QUESTIONS, type KaidianRules, type Question } from './schema.js';

/** The command every wizard button runs. */
export const KAIDIAN_COMMAND = 'kaidian';

const HOW_TO_ANSWER: Record<Question, string> = {
  goods: '回复数字选一项，发送“取消”退出。',
  identity: '回复数字选一项，发送“取消”退出。',
  platforms: '可以多选：一项项点，选好点“完成”；也可以一次回复几个数字，如“1 3”。发送“取消”退出。',
};
const NUMERALS = '一二三四五六七八九十';

const action = (answers: Answers, showPlatforms = false) => `/${KAIDIAN_COMMAND} ${toArgs(answers, showPlatforms)}`.trimEnd();

function choices(rules: KaidianRules, answers: Answers, step: Question): Suggestion[] {
  if (step !== 'platforms') return rules[step].options.map((o) => ({ label: o.label, action: action({ ...answers, [step]: o.id }) }));
  const toggled = rules.platforms.options.map((o) => {
    const chosen = answers.platforms.includes(o.id);
    const platforms = chosen ? answers.platforms.filter((p) => p !== o.id) : [...answers.platforms, o.id];
    return { label: `${chosen ? '✓ ' : ''}${o.label}`, action: action({ ...answers, platforms }, true) };
  });
  const n = answers.platforms.length;
  return [...toggled, { label: n ? `完成，生成清单（已选 ${n} 个）` : '平台还没定，直接看清单', action: action({ ...answers, done: true }, true) }];
}

/** One wizard question with its choices. `problem` says what was not understood in the last input. */
export function questionReply(rules: KaidianRules, answers: Answers, step: Question, problem?: string): Reply {
  const lines = [problem, rules[step].prompt, HOW_TO_ANSWER[step]].filter(Boolean);
  return { title: `开店向导（第${QUESTIONS.indexOf(step) + 1}步，共${QUESTIONS.length}步）`, text: lines.join('\n'), suggestions: choices(rules, answers, step) };
}

const nameOf = (rules: KaidianRules, question: Question, id: string) => {
  const option = rules[question].options.find((o) => o.id === id);
  return option?.short ?? option?.label ?? id;
};

/**
 * The checklist as one reply: sections with numbered items (what, why with the law, where to apply), the
 * disclaimer, and the FAQ entries behind the items as follow-ups.
 */
export function checklistReply(rules: KaidianRules, answers: CompleteAnswers, faq: FaqSource): Reply {
  const sections = buildChecklist(rules, answers);
  let n = 0;
  const blocks = sections.map((s, i) => {
    const items = s.items.map((item) => `${++n}. ${item.title}\n为什么：${item.why}\n怎么办：${item.where}`);
    return [`${NUMERALS[i] ?? i + 1}、${s.title}`, ...items].join('\n\n');
  });
  const platforms = answers.platforms.map((p) => nameOf(rules, 'platforms', p)).join('、') || '平台未定';
  return {
    title: `开店清单：${nameOf(rules, 'goods', answers.goods)} · ${nameOf(rules, 'identity', answers.identity)} · ${platforms}`,
    text: [...blocks, `${rules.disclaimer}（核对于 ${rules.reviewed}）`].join('\n\n'),
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
