import { z } from 'zod';
import { isoDate, kebabId, text } from '../knowledge/schema.js';

const faqId = kebabId('FAQ ids are kebab-case, e.g. food-sc-license');

/** The wizard's three questions, asked in this order. */
export const QUESTIONS = ['goods', 'identity', 'platforms'] as const;
export type Question = (typeof QUESTIONS)[number];

/**
 * Words that steer the flow rather than answer it. Option words must not use them. Option ids are short
 * ASCII because they travel in button actions (Telegram allows 64 bytes of callback data).
 */
export const CANCEL_WORDS = ['取消', '退出', '不弄了', 'cancel', 'quit'] as const;
export const DONE_WORDS = ['完成', '好了', '就这些', '选好了', 'done', 'ok'] as const;

/** The form typed answers are compared in: full-width → half-width, lower case (`ＪＤ` and `jd` are one word). */
export const answerForm = (s: string) => s.normalize('NFKC').toLowerCase();

/** One answer to a question: a short id for buttons, the label shown, and the words merchants type for it. */
const OptionSchema = z
  .object({
    id: z.string().regex(/^[a-z]{2,6}$/u, 'option ids are 2-6 lower-case letters (they travel in button actions)'),
    label: text,
    /** A shorter name for the checklist title, when the label explains too much to repeat there. */
    short: text.optional(),
    /** What merchants type for this option (自己种, 个体户, 抖音); matched inside short free-text answers. */
    words: z.array(text.transform(answerForm)).default([]),
    /** The label (and short name) an English reader sees (BOT_LOCALE=en, or a Telegram app in English). */
    en: z.object({ label: text, short: text.optional() }).strict(),
  })
  .strict();

const QuestionSchema = (maxOptions: number) =>
  z
    .object({
      prompt: text,
      /** The question as an English reader sees it. */
      en: z.object({ prompt: text }).strict(),
      options: z.array(OptionSchema).min(2).max(maxOptions, `at most ${maxOptions} options: numbered replies are the digits 1-9`),
    })
    .strict();

/** A heading of the checklist; items are grouped under sections in the order listed. */
const SectionSchema = z.object({ id: z.string().regex(/^[a-z]+$/u), title: text, en: z.object({ title: text }).strict() }).strict();

/** When an item belongs on the checklist: every listed question must have one of the listed answers. */
const WhenSchema = z
  .object({
    goods: z.array(z.string()).min(1).optional(),
    identity: z.array(z.string()).min(1).optional(),
    /** Any one of these platforms chosen. */
    platforms: z.array(z.string()).min(1).optional(),
  })
  .strict();

/** One thing to register, obtain or check, with the law behind it and where to go. */
const ItemSchema = z
  .object({
    id: kebabId('item ids are kebab-case'),
    section: z.string(),
    when: WhenSchema.default({}),
    /** What to do, in a few words. */
    title: text,
    /** Why: the law and article, or the platform rule. */
    why: text,
    /** Where to apply or what exactly to do. */
    where: text,
    faq: z.array(faqId).default([]),
  })
  .strict();

/** knowledge/kaidian.yaml: the three questions, the sections and the checklist items. */
export const KaidianFileSchema = z
  .object({
    reviewed: isoDate,
    /** How long an unfinished wizard waits for the next answer. */
    ttlMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** Said under every checklist. */
    disclaimer: text,
    goods: QuestionSchema(9),
    identity: QuestionSchema(9),
    // One digit is kept for the "完成" choice.
    platforms: QuestionSchema(8),
    sections: z.array(SectionSchema).min(1),
    checklist: z.array(ItemSchema).min(1),
  })
  .strict();

export type Option = z.infer<typeof OptionSchema>;
export type ChecklistItem = z.infer<typeof ItemSchema>;
export type KaidianRules = z.infer<typeof KaidianFileSchema>;
