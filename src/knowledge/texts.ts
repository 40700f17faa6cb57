import { defineTexts } from '../core/texts.js';

/** The knowledge feature's fixed texts: around the answers (which come from knowledge/), and its commands. */
export const TEXTS = defineTexts(
  {
    // A Chinese answer is shown as it is; to an English reader, with a note that it is not translated yet.
    noEnglish: (answer: string) => answer,
    alsoCheck: (line: string) => `另请核对：${line}`,
    source: (sources: string[]) => `来源：${sources.join('；')}`,
    reviewed: (date: string) => `核对日期：${date}`,
    pastCheckBy: (date: string) => `（已过复核期限 ${date}，规定可能已变，请以主管部门最新规定为准）`,
    validUntil: (date: string) => `（有效期至 ${date}，请在此前复核）`,
    related: '相关问题（回复数字查看）：',
    alsoAsked: '您可能还想问（回复数字查看）：',
    didYouMean: '您是想问：',
    replyNumber: '回复数字即可',
    contact: (contact: string) => `\n需要人工帮助，请联系：${contact}`,
    offTopic: (reply: string, contact: string) => `${reply}\n我专门解答网上开店、卖货的问题，发送 /help（帮助）看看我能回答哪些。${contact}`,
    none: (contact: string) => `抱歉，这个问题我还答不准，怕说错耽误您的生意。\n您可以换个说法再问（说清楚平台和商品），或发送 /help（帮助）看看我能回答哪些问题。${contact}`,
    noQuestion: '请在命令后面写上您的问题。',
    badEntryId: '条目编号不对。',
    badFeedback: '反馈格式不对。',
    wholeCount: '条数要是 1 到 100 的整数',
    noUnanswered: '目前没有未解答的问题。',
    unansweredTitle: '未解答的问题',
    unansweredLine: (n: number, question: string, count: number, last: string, referredTo?: string) =>
      `${n}. ${question}（${count}次，最近 ${last}${referredTo ? `，已转介：${referredTo}` : ''}）`,
  },
  {
    noEnglish: (answer: string) => `(No English version of this answer yet; here it is in Chinese.)\n${answer}`,
    alsoCheck: (line: string) => `Also check: ${line}`,
    source: (sources: string[]) => `Source: ${sources.join('; ')}`,
    reviewed: (date: string) => `Reviewed: ${date}`,
    pastCheckBy: (date: string) => ` (past its check-by date ${date}: rules may have changed, confirm with the authority)`,
    validUntil: (date: string) => ` (valid until ${date}; check again by then)`,
    related: 'Related questions (reply with a number):',
    alsoAsked: 'You may also want to ask (reply with a number):',
    didYouMean: 'Did you mean:',
    replyNumber: 'Reply with the number.',
    contact: (contact: string) => `\nTo talk to a person, contact: ${contact}`,
    offTopic: (reply: string, contact: string) => `${reply}\nI help with selling online: send /help to see what I can answer.${contact}`,
    none: (contact: string) =>
      `Sorry, I can't answer that reliably yet, and a wrong answer could cost you money.\nTry asking in other words (name the platform and the product), or send /help to see what I can answer.${contact}`,
    noQuestion: 'Write your question after the command.',
    badEntryId: 'That is not an entry id.',
    badFeedback: 'That is not a rating of an answer.',
    wholeCount: 'the count is a whole number from 1 to 100',
    noUnanswered: 'No unanswered questions so far.',
    unansweredTitle: 'Unanswered questions',
    unansweredLine: (n: number, question: string, count: number, last: string, referredTo?: string) =>
      `${n}. ${question} (${count}×, last ${last}${referredTo ? `, referred: ${referredTo}` : ''})`,
  },
);
