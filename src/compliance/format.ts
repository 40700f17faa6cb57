import type { Reply } from '../core/message.js';
import { faqLinks, type FaqSource } from '../knowledge/faq-links.js';
import { normalizeCopy } from './normalize.js';
import type { CopyRules, Finding } from './schema.js';

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
 * formatFindings(checker.check(text), rules, knowledge)
 * // → { title: '发现 2 处风险说法', text: '1.「全网最低价」\n类型：价格说法（要有依据）\n依据：…\n建议：…', suggestions: [...] }
 */
export function formatFindings(findings: Finding[], rules: CopyRules, faq: FaqSource): Reply {
  if (!findings.length) {
    return { title: '没有发现常见的风险说法', text: rules.disclaimer };
  }
  const groups = group(findings);
  const items = groups.slice(0, MAX_LISTED).map(({ finding: f, count }, i) => {
    const times = count > 1 ? `（${count}处）` : '';
    const kind = rules.kinds[f.kind]?.label ?? f.kind;
    return `${i + 1}.「${f.span}」${times}\n类型：${kind}\n依据：${f.rule}\n建议：${f.suggestion}`;
  });
  if (groups.length > MAX_LISTED) items.push(`另有 ${groups.length - MAX_LISTED} 处没有列出，请把文案分段再查。`);
  const kinds = [...new Set(groups.map((g) => g.finding.kind))];
  return {
    title: `发现 ${groups.length} 处风险说法`,
    text: [...items, rules.disclaimer].join('\n\n'),
    suggestions: faqLinks(faq, kinds.flatMap((k) => rules.kinds[k]?.faq ?? [])),
  };
}
