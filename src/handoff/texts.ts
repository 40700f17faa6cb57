import type { ChatRef } from '../core/message.js';
import { escapeRegExp } from '../core/escape-regexp.js';
import { defineTexts, type Locale } from '../core/texts.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PLATFORM_NAMES: Record<Locale, Record<ChatRef['platform'], string>> = {
  'zh-CN': { telegram: 'Telegram', wechat: '微信', 'wechat-mp': '公众号', console: '终端' },
  en: { telegram: 'Telegram', wechat: 'WeChat', 'wechat-mp': 'Official Account', console: 'terminal' },
};

/** How long someone has waited, coarse on purpose: staff need "20 minutes" or "2 days", not seconds. */
function span(ms: number, locale: Locale): string {
  const [d, h, m] = [Math.floor(ms / DAY), Math.floor((ms % DAY) / HOUR), Math.floor((ms % HOUR) / MINUTE)];
  if (locale === 'en') {
    if (d) return `${d} d${h ? ` ${h} h` : ''}`;
    if (h) return `${h} h${m ? ` ${m} min` : ''}`;
    return m ? `${m} min` : 'under a minute';
  }
  if (d) return `${d}天${h ? `${h}小时` : ''}`;
  if (h) return `${h}小时${m ? `${m}分钟` : ''}`;
  return m ? `${m}分钟` : '不到1分钟';
}

function where(chat: ChatRef, locale: Locale): string {
  // A platform an embedding app brought (src/core/adapter.ts) has no name here: its id stands in.
  const platform = PLATFORM_NAMES[locale][chat.platform] ?? chat.platform;
  if (locale === 'en') return chat.kind === 'group' ? `${platform} group "${chat.title ?? chat.id}"` : `${platform} private chat`;
  return chat.kind === 'group' ? `${platform}群「${chat.title ?? chat.id}」` : `${platform}私聊`;
}

/** Every phrase of the hand-off, for merchants and for staff, in both languages. */
export const TEXTS = defineTexts(
  {
    span: (ms: number) => span(ms, 'zh-CN'),
    where: (chat: ChatRef) => where(chat, 'zh-CN'),
    // Merchants
    offerLabel: '转人工：请中心工作人员解答',
    offerTitle: '需要的话，可以请工作人员解答（回复数字）：',
    askWhat: (group: boolean) =>
      `请把要转给工作人员的问题发给我，一条消息说清楚（平台、商品、遇到的情况）。${group ? '在群里请 @我 再发。' : ''}发送“取消”放弃。`,
    cancelled: '好的，已取消。',
    passed: (id: number, group: boolean, contact?: string) =>
      `已把您的问题转给县电商服务中心的工作人员（编号 #${id}），他们答复后我会${group ? '发在本群并 @您' : '发到这里'}。${contact ? `\n着急的话也可以直接联系：${contact}` : ''}`,
    answerTitle: '中心工作人员答复',
    answerText: (question: string, answer: string) => `您问：“${question}”\n\n${answer}\n\n还有疑问可以继续问我，或发送“转人工”。`,
    // Staff
    pushTitle: (id: number) => `人工求助 #${id}`,
    pushText: (id: number, from: string, asker: string, key: string, at: string, question: string) =>
      `来自：${from} · ${asker}（${key}）\n时间：${at}\n问题：${question}\n\n答复：直接回复（引用）这条消息，或发送“回复 ${id} 答复内容”。`,
    listTitle: (n: number) => `等待人工答复（${n}）`,
    listEmpty: '目前没有等待人工答复的问题。',
    listLine: (id: number, waited: string, from: string, asker: string, question: string) =>
      `#${id} 已等${waited} · ${from} · ${asker}：${question}`,
    listFooter: '答复：/reply 编号 答复内容',
    humanUsage: '/human [问题]',
    replyUsage: '/reply 编号 答复内容',
    replyArgs: '请写上求助编号和答复内容。',
    replyPrompt: (id: number, asker: string, question: string) => `请发送给 ${asker} 的答复（#${id}：“${question}”）。发送“取消”放弃。`,
    delivered: (id: number, asker: string, from: string) => `#${id} 的答复已送达 ${asker}（${from}）。`,
    notDelivered: (id: number, reason: string) => `#${id} 的答复没有送出：${reason}。问题仍在等待，请稍后再发一次。`,
    uncertain: (id: number, reason: string) =>
      `#${id} 的答复发出后网络中断（${reason}），无法确认对方是否收到。为避免重复，不会再发；如有必要请直接联系对方。`,
    gone: (id: number, reason: string) => `#${id} 的答复无法送达：对方的聊天已不可用（${reason}）。这条求助已关闭。`,
    unknownId: (id: number) => `没有编号为 #${id} 的人工求助。发送 /handoffs（人工列表）查看等待中的问题。`,
    already: (id: number, by: string, at: string) => `#${id} 已由 ${by} 在 ${at} 答复过，不再重复发送。`,
    busy: (id: number) => `#${id} 正在由另一位管理员答复，请稍候再看。`,
    emptyAnswer: '答复内容不能为空。',
    notAdmin: '抱歉，只有机器人管理员可以答复人工求助。',
  },
  {
    span: (ms: number) => span(ms, 'en'),
    where: (chat: ChatRef) => where(chat, 'en'),
    offerLabel: 'Ask a person at the centre',
    offerTitle: 'If you like, a member of staff can answer (reply with the number):',
    askWhat: (group: boolean) =>
      `Please send me the question for the staff in one message (platform, product, what happened).${group ? ' In a group, mention me when you send it.' : ''} Send "cancel" to stop.`,
    cancelled: 'All right, cancelled.',
    passed: (id: number, group: boolean, contact?: string) =>
      `Your question was passed to the staff of the county e-commerce centre (no. #${id}). I will post their answer ${group ? 'in this group, mentioning you' : 'here'}.${contact ? `\nIf it is urgent, contact: ${contact}` : ''}`,
    answerTitle: "Answer from the centre's staff",
    answerText: (question: string, answer: string) =>
      `You asked: "${question}"\n\n${answer}\n\nAsk me again any time, or send /human for a person.`,
    pushTitle: (id: number) => `Hand-off #${id}`,
    pushText: (id: number, from: string, asker: string, key: string, at: string, question: string) =>
      `From: ${from} · ${asker} (${key})\nAt: ${at}\nQuestion: ${question}\n\nTo answer, reply to (quote) this message, or send: /reply ${id} your answer`,
    listTitle: (n: number) => `Waiting for a person (${n})`,
    listEmpty: 'No questions are waiting for a person.',
    listLine: (id: number, waited: string, from: string, asker: string, question: string) =>
      `#${id} waiting ${waited} · ${from} · ${asker}: ${question}`,
    listFooter: 'To answer: /reply <no.> <answer>',
    humanUsage: '/human [question]',
    replyUsage: '/reply <no.> <answer>',
    replyArgs: 'Give the hand-off number and your answer.',
    replyPrompt: (id: number, asker: string, question: string) =>
      `Send your answer for ${asker} (#${id}: "${question}"). Send "cancel" to stop.`,
    delivered: (id: number, asker: string, from: string) => `The answer to #${id} reached ${asker} (${from}).`,
    notDelivered: (id: number, reason: string) =>
      `The answer to #${id} was not sent: ${reason}. The question is still waiting; please send it again later.`,
    uncertain: (id: number, reason: string) =>
      `The answer to #${id} left, then the connection broke (${reason}): it may or may not have arrived. It is not sent again; contact the person directly if needed.`,
    gone: (id: number, reason: string) =>
      `The answer to #${id} cannot be delivered: the chat is no longer reachable (${reason}). The request is closed.`,
    unknownId: (id: number) => `There is no hand-off #${id}. Send /handoffs to see the waiting ones.`,
    already: (id: number, by: string, at: string) => `#${id} was already answered by ${by} at ${at}; not sent again.`,
    busy: (id: number) => `Another admin is answering #${id} right now; please look again in a moment.`,
    emptyAnswer: 'The answer cannot be empty.',
    notAdmin: 'Sorry, only bot admins can answer hand-offs.',
  },
);

export type HandoffTexts = (typeof TEXTS)[Locale];

// The push titles of both languages: the bot's language may have changed since the push went out.
const PUSH_TITLE = new RegExp(
  `^[【\\s]*(?:${Object.values(TEXTS)
    .map((t) => escapeRegExp(t.pushTitle(0).replace(/0$/, '')))
    .join('|')})(\\d+)`,
  'u',
);

/** The request number of a quoted push (`人工求助 #12` on Telegram, `【人工求助 #12】` on WeChat), if it is one. */
export function pushIdIn(quoted: string): number | undefined {
  const match = PUSH_TITLE.exec(quoted);
  return match ? Number(match[1]) : undefined;
}
