import type { Reply } from '../core/message.js';
import type { Locale } from '../core/texts.js';
import { faqLinks, type FaqSource } from '../knowledge/faq-links.js';
import { normalizeCopy } from './normalize.js';
import type { CopyRules, Finding } from './schema.js';
import { TEXTS } from './texts.js';

/** Listed in one reply at most; a whole detail page with more should be checked in parts. */
const MAX_LISTED = 15;

interface Group {
  finding: Finding;
  count: number;
}

// The same wording flagged by the same rule is one point to fix, however often the page repeats it.
function group(findings: Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${normalizeCopy(f.span)}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { finding: f, count: 1 });
  }
  return [...groups.values()];
}

/**
 * The reply to a copy check: each risky wording quoted with its kind, the rule it touches and a safer
 * wording, the disclaimer, and the FAQ entries of the kinds found as follow-ups.
 *
 * @example
 * formatFindings(checker.check(text), rules, knowledge, 'zh-CN')
 * // → { title: '发现 2 处风险说法', text: '1.「全网最低价」\n类型：价格说法（要有依据）\n依据：…\n建议：…', suggestions: [...] }
 */
export function formatFindings(findings: Finding[], rules: CopyRules, faq: FaqSource, locale: Locale): Reply {
  const t = TEXTS[locale];
  if (!findings.length) {
    return { title: t.nothingFound, text: rules.disclaimer };
  }
  const groups = group(findings);
  const items = groups.slice(0, MAX_LISTED).map(({ finding: f, count }, i) => {
    const kind = rules.kinds[f.kind]?.label ?? f.kind;
    return t.finding(i + 1, f.span, count > 1 ? t.times(count) : '', kind, f.rule, f.suggestion);
  });
  if (groups.length > MAX_LISTED) items.push(t.more(groups.length - MAX_LISTED));
  const kinds = [...new Set(groups.map((g) => g.finding.kind))];
  return {
    title: t.found(groups.length),
    text: [...items, rules.disclaimer].join('\n\n'),
    suggestions: faqLinks(
      faq,
      kinds.flatMap((k) => rules.kinds[k]?.faq ?? []),
    ),
  };
}
