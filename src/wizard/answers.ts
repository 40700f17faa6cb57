import { z } from 'zod';
import { answerForm, CANCEL_WORDS, DONE_WORDS, QUESTIONS, type KaidianRules, type Option, type Question } from './schema.js';

/** What the merchant has answered so far. Kept in the conversation state and carried in button actions. */
export const AnswersSchema = z.object({
  goods: z.string().optional(),
  identity: z.string().optional(),
  platforms: z.array(z.string()).default([]),
  /** The platform choice is final (完成 pressed, or platforms typed in one go). */
  done: z.boolean().default(false),
});
export type Answers = z.infer<typeof AnswersSchema>;

/** Where every wizard starts. */
export const NO_ANSWERS: Answers = { platforms: [], done: false };

/** The question to ask next, or the checklist. */
export type Step = Question | 'result';

/** The first question still open, or `result` when the checklist can be built. */
export function nextStep(answers: Answers): Step {
  if (!answers.goods) return 'goods';
  if (!answers.identity) return 'identity';
  return answers.done ? 'result' : 'platforms';
}

/** What one input meant: quit, or the answers after it plus the words that were not understood. */
export type Interpretation = { cancel: true } | { cancel: false; answers: Answers; unclear: string[] };

const PLATFORM_SELECTION = /^p=([a-z,]*)$/u;
const DIGITS = /^[1-9]+$/u;

function tokens(input: string): string[] {
  return answerForm(input)
    .split(/\s+/u)
    .flatMap((t) => (PLATFORM_SELECTION.test(t) ? [t] : t.split(/[,，、;；。.!！]+/u)))
    .filter(Boolean);
}

const matchesExactly = (o: Option, token: string) => o.id === token || o.label === token || o.words.includes(token);
const mentions = (o: Option, token: string) => token.includes(o.label) || o.words.some((w) => token.includes(w));

/**
 * Applies one input to the answers so far. Understood: 取消 (quit); 完成 (platforms are final); `p=tb,dy`
 * (the platform selection from a toggle button, not yet final); digits, counted against the question that
 * is open (`1 3 4` at the platform question selects three); option ids, labels and their words, exactly or
 * inside a short phrase (我是个体户). Platforms named or numbered in an input are the complete choice.
 *
 * @example
 * interpret(rules, NO_ANSWERS, '自己种的橘子 个人 淘宝 抖音')
 * // → { cancel: false, answers: { goods: 'farm', identity: 'self', platforms: ['tb', 'dy'], done: true }, unclear: [] }
 */
export function interpret(rules: KaidianRules, from: Answers, input: string): Interpretation {
  const answers: Answers = { ...from, platforms: [...from.platforms] };
  const typed: string[] = [];
  const unclear: string[] = [];
  const pick = (question: Question, option: Option) => {
    if (question === 'platforms') {
      if (!typed.includes(option.id)) typed.push(option.id);
    } else {
      answers[question] = option.id;
    }
  };

  for (const token of tokens(input)) {
    if ((CANCEL_WORDS as readonly string[]).includes(token)) return { cancel: true };
    if ((DONE_WORDS as readonly string[]).includes(token)) {
      answers.done = true;
      continue;
    }
    const selection = PLATFORM_SELECTION.exec(token);
    if (selection) {
      const ids = selection[1]!.split(',').filter(Boolean);
      if (ids.every((id) => rules.platforms.options.some((o) => o.id === id))) answers.platforms = ids;
      else unclear.push(token);
      continue;
    }
    if (DIGITS.test(token)) {
      for (const digit of token) {
        const step = nextStep(answers);
        const option = step === 'result' ? undefined : rules[step].options[Number(digit) - 1];
        if (step === 'result' || !option) unclear.push(digit);
        else pick(step, option);
      }
      continue;
    }
    const exact = QUESTIONS.flatMap((q) => rules[q].options.filter((o) => matchesExactly(o, token)).map((o) => [q, o] as const));
    if (exact.length) {
      for (const [q, o] of exact) pick(q, o);
      continue;
    }
    // A phrase: each single-answer question may be named once; several platforms may be named.
    const named = QUESTIONS.map((q) => [q, rules[q].options.filter((o) => mentions(o, token))] as const);
    const ambiguous = named.some(([q, found]) => q !== 'platforms' && found.length > 1);
    if (ambiguous || named.every(([, found]) => !found.length)) {
      unclear.push(token);
      continue;
    }
    for (const [q, found] of named) for (const o of found) pick(q, o);
  }
  if (typed.length) {
    answers.platforms = typed;
    answers.done = true;
  }
  return { cancel: false, answers, unclear };
}

/** The command line that reproduces `answers`: what a button runs. Short ASCII ids keep it under 64 bytes. */
export function toArgs(answers: Answers, showPlatforms: boolean): string {
  return [
    answers.goods,
    answers.identity,
    showPlatforms || answers.platforms.length ? `p=${answers.platforms.join(',')}` : undefined,
    answers.done ? 'done' : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
