import { z } from 'zod';

/** Topic ids: one file per topic under knowledge/faq/, and the per-topic rows of the evaluation. */
export const TOPICS = [
  'shop',
  'registration',
  'food',
  'advertising',
  'consumer',
  'tax',
  'logistics',
  'brand',
  'operations',
  'support',
  'bot',
] as const;
export const TopicSchema = z.enum(TOPICS);
export type Topic = z.infer<typeof TopicSchema>;

/** A calendar date written as YYYY-MM-DD; YAML may hand it over as a string or a Date object. */
export const isoDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
);

/** A non-empty line of text, trimmed: the building block of every knowledge file's schema. */
export const text = z.string().trim().min(1);

/** Ids that never change once shipped: kebab-case ASCII (`food-sc-license`), named in the message. */
export function kebabId(message: string) {
  return z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, message);
}

export const EnglishPartSchema = z.object({
  question: text,
  alternates: z.array(text).default([]),
  answer: text,
  detail: text.optional(),
});

export const EntrySchema = z
  .object({
    id: kebabId('id must be kebab-case ascii, e.g. food-license-vs-filing'),
    category: TopicSchema,
    question: text,
    alternates: z.array(text).min(4, 'give at least 4 alternate phrasings'),
    answer: text,
    detail: text.optional(),
    tags: z.array(text).default([]),
    sources: z.array(text).min(1, 'cite at least one source (law and article, authority or platform rule centre)'),
    reviewed: isoDate,
    expires: isoDate.optional(),
    related: z.array(z.string()).default([]),
    en: EnglishPartSchema.optional(),
  })
  .strict();

export type Entry = z.infer<typeof EntrySchema>;

/** Every way an entry is asked: its question, its alternates, and the English ones. */
export function phrasingsOf(entry: Pick<Entry, 'question' | 'alternates' | 'en'>): string[] {
  return [entry.question, ...entry.alternates, ...(entry.en ? [entry.en.question, ...entry.en.alternates] : [])];
}

/**
 * Questions outside the bot's scope, by where the asker should go instead (farming technique → 12316 …).
 * The examples compete with the FAQ entries in retrieval: when one of them matches best, the bot says where
 * to ask instead of guessing an FAQ answer from a shared word (橘子树生虫 is not about selling 橘子).
 */
export const OffTopicFileSchema = z
  .object({
    topics: z.array(
      z
        .object({
          id: kebabId('id must be kebab-case ascii, e.g. farming-technique'),
          reply: text,
          en: text.optional(),
          examples: z.array(text).min(4, 'give at least 4 examples'),
        })
        .strict(),
    ),
  })
  .strict();
export type OffTopic = z.infer<typeof OffTopicFileSchema>['topics'][number];

/** Domain dictionary: each canonical term with the words merchants use for it. */
export const SynonymFileSchema = z
  .object({
    terms: z.array(
      z.object({
        canonical: text,
        variants: z.array(text).min(1),
      }).strict(),
    ),
    // Words jieba should keep whole even though its general dictionary would split them.
    dictionary: z.array(text).default([]),
  })
  .strict();
export type SynonymFile = z.infer<typeof SynonymFileSchema>;
