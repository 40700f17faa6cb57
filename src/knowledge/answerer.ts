import type { Entry } from './schema.js';

export type Outcome = 'answer' | 'clarify' | 'none';
export type AnswerLocale = 'zh-CN' | 'en';

/** One entry offered to the user: a follow-up after an answer, or a choice when the answerer is unsure. */
export interface Suggestion {
  id: string;
  question: string;
}

/**
 * What the answerer decided for one question. `answer` is the plain text a user sees (answer, source line,
 * reviewed date; or the "您是想问" list; or the polite fallback); adapters add their own formatting.
 */
export interface AnswerResult {
  question: string;
  outcome: Outcome;
  /** The chosen entry for `answer`, the best candidate otherwise (undefined when nothing came close). */
  entryId: string | undefined;
  /** Confidence of the best candidate, 0..1. */
  score: number;
  locale: AnswerLocale;
  answer: string;
  /** `answer` without the numbered choices, for platforms that show choices their own way. */
  body: string;
  /** The heading shown above the choices ("相关问题…", "您是想问："), and a line after them. */
  choicesTitle?: string | undefined;
  choicesFooter?: string | undefined;
  /**
   * What the reply offers to pick: for `answer` the runners-up then the entry's related follow-ups, for
   * `clarify` the tied candidates (always two or more), empty for `none`.
   */
  suggestions: Suggestion[];
  /**
   * For `answer`: the close runners-up in the ranking ("您可能还想问"), the first items of `suggestions`. A
   * pick among them says the answer was not what the asker meant.
   */
  runnersUp: Suggestion[];
  /** For `none`: the off-topic topic the question matched (knowledge/off-topic.yaml), whose reply says where to ask. */
  offTopic?: string;
  /** The ranked candidates behind the decision, best first (for logs, evaluation and admin tools). */
  candidates?: RankedCandidate[];
}

/** One ranked entry with its confidence and the share of the question's meaningful words it covers. */
export interface RankedCandidate {
  id: string;
  score: number;
  coverage: number;
}

export interface AnswerOptions {
  /** Force the answer language; by default it follows the question (English question, English answer where one exists). */
  locale?: AnswerLocale;
}

/** Everything the rest of the bot needs from the knowledge base. */
export interface Answerer {
  ask(question: string, options?: AnswerOptions): AnswerResult;
  /** The full answer for one entry id, as if it had been the best match (used when a user picks a suggestion). */
  show(id: string, options?: AnswerOptions): AnswerResult | undefined;
  entry(id: string): Entry | undefined;
  /** The entries it answers from (the console lists them without reading the files again). */
  readonly entries: readonly Entry[];
  readonly size: number;
}

export interface AnswererSettings {
  /** Human contact named in the "don't know" reply, e.g. "县电商公共服务中心 0000-0000000". */
  contact?: string;
  /** Clock for "is this entry past its check-by date" (tests pin it); default: the system clock. */
  now?: () => Date;
  /** The zone whose calendar day decides that (an entry expires at midnight there); default Asia/Shanghai. */
  timezone?: string;
  /** Trigger prefixes (BOT_TRIGGERS) taken off a question with its mentions and lead-ins (core/address.ts). */
  triggers?: readonly string[];
}
