import type { Answerer, AnswerResult } from '../../src/knowledge/answerer.js';
import type { KnowledgeFiles } from '../../src/knowledge/load.js';

/**
 * Answers from the fixture entries by tag, so the Telegram tests control exactly what the bot says:
 * - a question containing an entry's tag gets that entry;
 * - "许可" alone gets a clarify with two choices (buttons);
 * - "ECHO …" repeats the question (hostile text must come back escaped);
 * - "长答案" gets three 2,000-character paragraphs (the reply must be split);
 * - "CRASH" throws (the user must get an apology).
 */
export function fakeAnswerer(files: KnowledgeFiles): Answerer {
  const entries = files.entries.map((e) => e.entry);
  const result = (question: string, partial: Partial<AnswerResult>): AnswerResult => ({
    question,
    outcome: 'answer',
    entryId: undefined,
    score: 1,
    locale: 'zh-CN',
    answer: '',
    suggestions: [],
    runnersUp: [],
    ...partial,
    body: partial.body ?? partial.answer ?? '',
  });
  const show = (id: string) => {
    const entry = entries.find((e) => e.id === id);
    if (!entry) return undefined;
    return result(entry.question, {
      entryId: id,
      answer: `${entry.answer}\n\n依据：${entry.sources.join('；')}`,
      suggestions: entry.related.map((r) => ({ id: r, question: entries.find((e) => e.id === r)?.question ?? r })),
    });
  };
  return {
    entries,
    size: entries.length,
    entry: (id) => entries.find((e) => e.id === id),
    show,
    ask(question) {
      if (question.includes('CRASH')) throw new Error('answerer exploded');
      if (question.startsWith('ECHO')) return result(question, { answer: `您问的是：${question.slice(4).trim()}` });
      if (question.includes('长答案')) {
        return result(question, { answer: ['一', '二', '三'].map((n) => `第${n}段：` + '详细说明。'.repeat(400)).join('\n\n') });
      }
      const hit = entries.find((e) => e.tags.some((t) => question.includes(t)));
      if (hit) return show(hit.id)!;
      if (question.includes('许可')) {
        return result(question, {
          outcome: 'clarify',
          answer: '您是想问：',
          suggestions: ['food-sc-license', 'food-business-license'].map((id) => ({
            id,
            question: entries.find((e) => e.id === id)!.question,
          })),
        });
      }
      return result(question, { outcome: 'none', score: 0, answer: '这个问题我还答不上来。' });
    },
  };
}
