import { mapText, normalizeCopy } from './normalize.js';
import { REGEX_FLAGS, type CopyRules, type Finding } from './schema.js';
import { escapeRegExp } from '../core/escape-regexp.js';

interface CompiledRule {
  order: number;
  id: string;
  kind: string;
  rule: string;
  suggestion: string;
  /** One regex per term or pattern, so that each can report every place it matches. */
  matchers: RegExp[];
  excepts: RegExp[];
}

interface Candidate {
  start: number;
  end: number;
  rule: CompiledRule;
}

/** Checks listing copy against the copy rules. Built once per rules file; `check` is pure. */
export interface CopyChecker {
  readonly rules: CopyRules;
  /** Risky wordings in `text`, in reading order, never overlapping. */
  check(text: string): Finding[];
}

function compile(rules: CopyRules): CompiledRule[] {
  return rules.rules.map((r, order) => ({
    order,
    id: r.id,
    kind: r.kind,
    rule: r.rule ?? rules.kinds[r.kind]?.rule ?? '',
    suggestion: r.suggestion,
    matchers: [...r.terms.map((t) => escapeRegExp(normalizeCopy(t))), ...r.patterns].map((source) => new RegExp(source, REGEX_FLAGS)),
    excepts: r.except.map((source) => new RegExp(source, REGEX_FLAGS)),
  }));
}

function ranges(text: string, regexes: RegExp[]): [number, number][] {
  const found: [number, number][] = [];
  for (const re of regexes) for (const m of text.matchAll(re)) if (m[0]) found.push([m.index, m.index + m[0].length]);
  return found;
}

function candidatesOf(rule: CompiledRule, text: string): Candidate[] {
  const harmless = ranges(text, rule.excepts);
  return ranges(text, rule.matchers)
    .filter(([start, end]) => !harmless.some(([s, e]) => s <= start && end <= e))
    .map(([start, end]) => ({ start, end, rule }));
}

/**
 * Builds the checker. Each rule's terms and patterns run over the normalised text; a match lying wholly
 * inside one of the rule's exceptions is dropped (第一 inside 第一次); where matches overlap, the leftmost
 * wins, then the longest (全网最低价 over 最低), then the rule written first in the file.
 *
 * @example
 * const checker = createCopyChecker(rules);
 * checker.check('全网最低价，第一次购买送小样')  // → one finding: 全网最低价 (price)
 */
export function createCopyChecker(rules: CopyRules): CopyChecker {
  const compiled = compile(rules);
  return {
    rules,
    check(original: string): Finding[] {
      const mapped = mapText(original);
      const candidates = compiled
        .flatMap((rule) => candidatesOf(rule, mapped.text))
        .sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.rule.order - b.rule.order);
      const findings: Finding[] = [];
      let reached = 0;
      for (const c of candidates) {
        if (c.start < reached) continue;
        reached = c.end;
        const start = mapped.starts[c.start]!;
        const end = mapped.ends[c.end - 1]!;
        findings.push({
          span: original.slice(start, end),
          start,
          end,
          kind: c.rule.kind,
          rule: c.rule.rule,
          suggestion: c.rule.suggestion,
          ruleId: c.rule.id,
        });
      }
      return findings;
    },
  };
}
