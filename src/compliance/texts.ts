import { MAX_TEXT_LENGTH } from '../core/sanitize.js';
import { defineTexts } from '../core/texts.js';

/** The copy check's fixed texts; the kinds, rules, suggestions and disclaimer come from knowledge/copy-rules.yaml. */
export const TEXTS = defineTexts(
  {
    // The runtime cuts every message at MAX_TEXT_LENGTH, so the limit named here is the one that applies.
    askForText: `请把要检查的商品标题或详情页文字直接发过来（一次最多${MAX_TEXT_LENGTH}字）。在群里请 @我 再发，或者用“/check 文字”。`,
    unavailable: '文案检查暂时用不了：规则文件有问题，已记在日志里，请管理员检查 knowledge/copy-rules.yaml。',
    nothingFound: '没有发现常见的风险说法',
    found: (n: number) => `发现 ${n} 处风险说法`,
    times: (n: number) => `（${n}处）`,
    finding: (n: number, span: string, times: string, kind: string, rule: string, suggestion: string) =>
      `${n}.「${span}」${times}\n类型：${kind}\n依据：${rule}\n建议：${suggestion}`,
    more: (n: number) => `另有 ${n} 处没有列出，请把文案分段再查。`,
  },
  {
    askForText: `Send the product title or detail-page text to check (at most ${MAX_TEXT_LENGTH} characters at once). In a group, mention me first, or use "/check text".`,
    unavailable: 'The copy check is unavailable for now: its rules file is broken (see the log). Admins: check knowledge/copy-rules.yaml.',
    nothingFound: 'No common risky wording found',
    found: (n: number) => `${n} risky wording${n === 1 ? '' : 's'} found`,
    times: (n: number) => ` (${n}×)`,
    finding: (n: number, span: string, times: string, kind: string, rule: string, suggestion: string) =>
      `${n}. "${span}"${times}\nKind: ${kind}\nRule: ${rule}\nSuggestion: ${suggestion}`,
    more: (n: number) => `${n} more not listed: check the text in parts.`,
  },
);
