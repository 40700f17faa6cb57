import { z } from 'zod';
import type { StoredJournalSpec } from '../../storage/store.js';
import { normalizeBase } from '../normalize.js';

/**
 * What a user did with a reply: picked a "您是想问" choice (`pick`), tapped a "您可能还想问" item (`tap`), or said
 * the answer helped (`useful`) or did not (`useless`).
 */
export const AnswerEventKindSchema = z.enum(['pick', 'tap', 'useful', 'useless']);
export type AnswerEventKind = z.infer<typeof AnswerEventKindSchema>;

export const AnswerEventSchema = z.object({
  kind: AnswerEventKindSchema,
  at: z.string(),
  /** The question as the user asked it. */
  question: z.string().min(1),
  /** The entry chosen (pick, tap) or the entry that answered (useful, useless). */
  entry: z.string().min(1),
  /** `platform:id` of the asker; proposals count distinct askers, so one person cannot outvote the rest. */
  user: z.string().min(1),
  /** An admin's choice counts as a proposal at once. */
  admin: z.boolean().optional(),
});
export type AnswerEvent = z.infer<typeof AnswerEventSchema>;

/** Records what users do with answers (the one interface the answering side knows). */
export interface AnswerEvents {
  record(event: AnswerEvent): Promise<void>;
}

/** Picks and taps both say "this entry answers my question"; the two feedbacks are counted on their own. */
export type TallyKind = 'chose' | 'useful' | 'useless';

export function tallyKindOf(kind: AnswerEventKind): TallyKind {
  return kind === 'pick' || kind === 'tap' ? 'chose' : kind;
}

/** Events folded by (kind, entry, normal form of the question): what compaction keeps of many lines. */
export const TallySchema = z.object({
  kind: z.enum(['chose', 'useful', 'useless']),
  entry: z.string().min(1),
  /** The question's normal form (questionKey). */
  key: z.string(),
  /** The latest wording asked, shown to admins and added as the alternate. */
  question: z.string().min(1),
  count: z.number().int().positive(),
  /** Distinct askers, at most MAX_USERS (two are enough to propose). */
  users: z.array(z.string()),
  admin: z.boolean(),
  first: z.string(),
  last: z.string(),
});
export type Tally = z.infer<typeof TallySchema>;

export const VerdictSchema = z.object({
  /** The item decided (itemKey of its tally). */
  item: z.string(),
  verdict: z.enum(['accepted', 'rejected']),
  at: z.string(),
  by: z.string(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

/** One line of answer-feedback.jsonl: a raw event, a folded tally (after compaction), or an admin's verdict. */
export const LearningLineSchema = z.discriminatedUnion('type', [
  AnswerEventSchema.extend({ type: z.literal('event') }),
  TallySchema.extend({ type: z.literal('tally') }),
  VerdictSchema.extend({ type: z.literal('verdict') }),
]);
export type LearningLine = z.infer<typeof LearningLineSchema>;

/** Where answer feedback is kept (exported for `store:copy`). */
export const LEARNING_JOURNAL: StoredJournalSpec<LearningLine> = { name: 'answer-feedback.jsonl', schema: LearningLineSchema };

// Particles and fillers that change nothing in what is asked: 要执照吗 = 要执照吗呀 = 要执照.
const TRAILING_PARTICLES = /[吗呢呀啊吧嘛哈哦啦么]+$/u;

/**
 * The form in which two askings count as the same question: the chat's normalisation without synonyms (width,
 * case, traditional characters, punctuation, emoji, mentions), then no spaces and no trailing particles.
 */
export function questionKey(question: string): string {
  return normalizeBase(question).replace(/\s+/gu, '').replace(TRAILING_PARTICLES, '');
}

/** The wording worth keeping as an alternate: trimmed, without trailing punctuation (entries' alternates carry none). */
export function cleanPhrasing(question: string): string {
  return question.trim().replace(/[\s\p{P}\p{S}]+$/u, '');
}

export const tallyId = (kind: TallyKind, entry: string, key: string) => `${kind}|${entry}|${key}`;
