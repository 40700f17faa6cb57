import { z } from 'zod';
import { isoDate, kebabId, text } from '../knowledge/schema.js';

const kebab = kebabId('must be kebab-case ascii, e.g. absolute-first');

/** Flags every rule regex is compiled with: `u` so \p{…} classes and lookbehind work on Chinese text. */
export const REGEX_FLAGS = 'gu';

const regex = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source, REGEX_FLAGS);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
    }
  });

/** A kind of risk (绝对化用语, 疾病治疗 …): how it is named to the merchant and the rule it touches. */
const KindSchema = z
  .object({
    label: text,
    /** The law and article the kind touches, shown with each finding unless a rule says more precisely. */
    rule: text,
    /** FAQ entries that explain the kind, offered after a check. */
    faq: z.array(kebab).default([]),
  })
  .strict();

/**
 * One rule: literal terms and regexes for a risky wording, the harmless uses it must leave alone, and the
 * safer wording. Everything is matched on the normalised text (full-width → half-width, lower case,
 * traditional → simplified, no spaces), so terms and patterns are written in that form.
 */
const RuleSchema = z
  .object({
    id: kebab,
    kind: kebab,
    terms: z.array(text).default([]),
    patterns: z.array(regex).default([]),
    /** Regexes for harmless uses: a match lying wholly inside one of them is dropped (最近, 第一次, 万能胶). */
    except: z.array(regex).default([]),
    /** A more precise citation than the kind's. */
    rule: text.optional(),
    suggestion: text,
    /** Phrases this rule must flag; checked by the linter. */
    hits: z.array(text).min(1, 'give at least one example the rule must flag'),
    /** Phrases that must raise no finding at all; checked by the linter. */
    misses: z.array(text).default([]),
  })
  .strict()
  .refine((r) => r.terms.length + r.patterns.length > 0, { message: 'a rule needs terms or patterns', path: ['terms'] });

/** knowledge/copy-rules.yaml: the kinds of risk, then the rules, more specific kinds first. */
export const CopyRulesFileSchema = z
  .object({
    reviewed: isoDate,
    /** Said under every check: an automatic check is not legal advice. */
    disclaimer: text,
    kinds: z.record(kebab, KindSchema),
    rules: z.array(RuleSchema).min(1),
  })
  .strict();

export type CopyRules = z.infer<typeof CopyRulesFileSchema>;

/** One risky wording found in a text. `start`/`end` index the original text: `text.slice(start, end) === span`. */
export interface Finding {
  span: string;
  start: number;
  end: number;
  kind: string;
  /** The law and article it touches. */
  rule: string;
  suggestion: string;
  /** The id of the rule that matched (for linting and logs). */
  ruleId: string;
}
