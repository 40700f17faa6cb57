import { defineTexts } from '../../core/texts.js';

/** The words of answer feedback, per locale. */
export const LEARNING_TEXTS = defineTexts(
  {
    useful: '有用',
    useless: '没用',
    hint: '觉得有帮助吗？回复“有用”或“没用”。',
    thanks: '谢谢您的反馈！',
    noted: '谢谢反馈，已经记下，管理员会改进这条回答。您也可以换个说法再问，说清楚平台和商品。',
    stray: '收到。要评价某条回答，请在那条回答之后直接回复“有用”或“没用”。',
  },
  {
    useful: 'helpful',
    useless: 'unhelpful',
    hint: 'Did this help? Reply "helpful" or "unhelpful".',
    thanks: 'Thank you for the feedback!',
    noted: 'Thank you, noted: an admin will improve this answer. You can also ask again in other words, naming the platform and the product.',
    stray: 'Noted. To rate an answer, reply "helpful" or "unhelpful" right after it.',
  },
);

/** Every word that rates an answer, in any locale: typed alone, it is never taken for a question. */
export const FEEDBACK_WORDS: ReadonlySet<string> = new Set(Object.values(LEARNING_TEXTS).flatMap((t) => [t.useful, t.useless]));

/** The admins' /suggestions (建议): its list, verdicts and argument errors. */
export const SUGGESTIONS_TEXTS = defineTexts(
  {
    usage: '/suggestions [页码] | /suggestions accept 编号 | /suggestions reject 编号',
    badArgs: '参数不对。',
    fromOne: '编号和页码从 1 开始。',
    none: '目前没有改进建议。',
    pages: (pages: number) => `只有 ${pages} 页。`,
    title: '改进建议',
    alternatesHeading: '建议加入的说法（采纳后写进该条目的 alternates）：',
    uselessHeading: '被标为“没用”的回答：',
    page: (page: number, pages: number, usage: string) => `第 ${page}/${pages} 页。用法：${usage}`,
    alternateLine: (phrasing: string, entry: string, users: number, admin: boolean, last: string) =>
      `“${phrasing}” → ${entry}（${users}人选过${admin ? '，含管理员' : ''}，最近 ${last}）`,
    uselessLine: (entry: string, question: string, count: number, last: string) => `${entry} ← “${question}”（${count}次，最近 ${last}）`,
    noItem: (n: number) => `没有第 ${n} 条，先发 /suggestions 查看。`,
    done: (n: number) => `第 ${n} 条已经处理过了。`,
    rejected: (n: number) => `已驳回第 ${n} 条，它不会再出现。`,
    notAPhrasing: (n: number) => `第 ${n} 条是“没用”反馈，没有可采纳的说法。改好回答后，用 /suggestions reject ${n} 把它移除。`,
    accepted: (phrasing: string, entry: string, where: string) => `已采纳：“${phrasing}”加入 ${entry} 的说法（${where}），知识库已重新加载。`,
    lintRefused: (n: number) => `没有采纳第 ${n} 条：加入后知识库检查不通过，文件没有改动。`,
    missing: (entry: string) => `知识库里已经没有 ${entry} 这个条目。`,
    changedMeanwhile: (n: number, file: string) => `没有采纳第 ${n} 条：${file} 刚被修改过，请再试一次。文件没有改动。`,
    layout: (n: number, file: string) => `没有采纳第 ${n} 条：自动写入会改动 ${file} 的排版，请手工加入。文件没有改动。`,
  },
  {
    usage: '/suggestions [page] | /suggestions accept n | /suggestions reject n',
    badArgs: 'Those arguments are not right.',
    fromOne: 'Item and page numbers start at 1.',
    none: 'No suggestions so far.',
    pages: (pages: number) => `There are ${pages} pages.`,
    title: 'Suggestions',
    alternatesHeading: 'Phrasings to add (accept writes them to the entry’s alternates):',
    uselessHeading: 'Answers marked unhelpful:',
    page: (page: number, pages: number, usage: string) => `Page ${page}/${pages}. Usage: ${usage}`,
    alternateLine: (phrasing: string, entry: string, users: number, admin: boolean, last: string) =>
      `“${phrasing}” → ${entry}（chosen by ${users}${admin ? ', an admin among them' : ''}, last ${last}）`,
    uselessLine: (entry: string, question: string, count: number, last: string) => `${entry} ← “${question}”（${count} times, last ${last}）`,
    noItem: (n: number) => `There is no item ${n}; send /suggestions first.`,
    done: (n: number) => `Item ${n} was dealt with already.`,
    rejected: (n: number) => `Item ${n} dropped; it will not come back.`,
    notAPhrasing: (n: number) => `Item ${n} is feedback, not a phrasing. Once the answer is improved, remove it with /suggestions reject ${n}.`,
    accepted: (phrasing: string, entry: string, where: string) => `Accepted: "${phrasing}" added to ${entry} (${where}); knowledge reloaded.`,
    lintRefused: (n: number) => `Item ${n} not accepted: the knowledge would fail the lint; no file was changed.`,
    missing: (entry: string) => `The knowledge has no entry ${entry} any more.`,
    changedMeanwhile: (n: number, file: string) => `Item ${n} not accepted: ${file} changed meanwhile; try again. No file was changed.`,
    layout: (n: number, file: string) => `Item ${n} not accepted: writing it would change the layout of ${file}; add it by hand. No file was changed.`,
  },
);
