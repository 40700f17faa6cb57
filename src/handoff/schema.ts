import { z } from 'zod';
import { ChatRefSchema } from '../core/message.js';
import type { StoredJournalSpec } from '../storage/store.js';

const Instant = z.iso.datetime();
const HandoffId = z.number().int().positive();

/** A merchant asked for a person: where, who, what, and the language to answer them in. */
export const AskedLineSchema = z.object({
  type: z.literal('asked'),
  id: HandoffId,
  at: Instant,
  chat: ChatRefSchema,
  /** `platform:id` and the display name at the time, so staff know whom they answer. */
  asker: z.object({ key: z.string().min(1), name: z.string() }),
  question: z.string().min(1),
  locale: z.enum(['zh-CN', 'en']),
});
export type AskedLine = z.infer<typeof AskedLineSchema>;

/**
 * A staff answer reached the merchant's chat (`sent`), or the chat is gone and the request is closed (`gone`).
 * An answer that failed for now is not written: the request stays waiting and can be answered again.
 */
export const AnsweredLineSchema = z.object({
  type: z.literal('answered'),
  id: HandoffId,
  at: Instant,
  /** The admin's `platform:id`. */
  by: z.string().min(1),
  text: z.string().min(1),
  /** `unknown`: the connection broke after the answer left; it may have arrived, so it is not sent again. */
  delivery: z.enum(['sent', 'gone', 'unknown']),
  reason: z.string().optional(),
});
export type AnsweredLine = z.infer<typeof AnsweredLineSchema>;

/** One line of handoffs.jsonl: requests and their answers, replayed in order at start. */
export const HandoffLineSchema = z.discriminatedUnion('type', [AskedLineSchema, AnsweredLineSchema]);
export type HandoffLine = z.infer<typeof HandoffLineSchema>;

/** Where hand-offs are kept (exported for `store:copy`). */
export const HANDOFFS_JOURNAL: StoredJournalSpec<HandoffLine> = { name: 'handoffs.jsonl', schema: HandoffLineSchema };
