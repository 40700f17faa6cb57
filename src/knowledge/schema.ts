import { z } from 'zod';

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
  alsoCheck: text.optional(),
});

/**
 * What a "do I need X?" entry answers about: a licence (许可证, 营业执照), a filing or registration (备案, 登记)
 * or a certificate (合格证, 检疫证明). Such entries must name the adjacent rule that most often catches merchants
 * (`alsoCheck`). `none` says a question that reads like one is not (kb:lint matches the wording; AUTHORING.md).
 */
export const PERMITS = ['licence', 'filing', 'certificate', 'none'] as const;

export const EntrySchema = z
  .object({
    id: kebabId('id must be kebab-case ascii, e.g. food-license-vs-filing'),
    /** A topic id from topics.yaml (checked by the loader, which knows the list). */
    category: kebabId('category must be a topic id from topics.yaml, e.g. shop'),
    question: text,
    alternates: z.array(text).min(4, 'give at least 4 alternate phrasings'),
    answer: text,
    detail: text.optional(),
    permit: z.enum(PERMITS).optional(),
    // Shown under the answer as 另请核对: the neighbouring rule (quarantine, slaughterhouse, reseller liability,
    // platform deadline) a merchant who only asked about the permit would miss. Not indexed: it names other
    // topics, and their words would pull unrelated questions to this entry.
    alsoCheck: text.optional(),
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

/**
 * knowledge/sources.yaml: every law, regulation, notice or standard the knowledge cites by article or number,
 * with how far its citations are confirmed: `official` names the official text they were checked against;
 * otherwise `secondary` says what they rest on and `recheck` when a person must look again. A law's title
 * is written as inside 《》 without 中华人民共和国; `aliases` are other names or numbers it is cited by
 * (总局令第121号, GB 43284-2023).
 */
export const SourcesFileSchema = z
  .object({
    documents: z.array(
      z
        .object({
          title: text,
          aliases: z.array(text).default([]),
          official: text.optional(),
          secondary: text.optional(),
          recheck: isoDate.optional(),
        })
        .strict()
        .refine((d) => (d.official ? !d.secondary && !d.recheck : Boolean(d.secondary && d.recheck)), {
          message: 'give either official (the official text checked) or secondary with a recheck date',
        }),
    ),
  })
  .strict();
export type CitedDocument = z.infer<typeof SourcesFileSchema>['documents'][number];

/**
 * knowledge/topics.yaml: the FAQ topics, each with its names in both languages. Content, not code: a new topic is
 * a line here and a file faq/<id>.yaml.
 */
export const TopicsFileSchema = z
  .object({
    topics: z.array(z.object({ id: kebabId('id must be kebab-case ascii, e.g. livestream'), zh: text, en: text }).strict()).min(1, 'list at least one topic'),
  })
  .strict();
export type Topic = z.infer<typeof TopicsFileSchema>['topics'][number];

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
