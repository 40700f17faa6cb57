import { z } from 'zod';
import { defineCommand, noArgs } from '../core/commands.js';
import { inEveryLocale, type Locale } from '../core/texts.js';
import type { BotContext } from '../core/context.js';
import type { Feature } from '../core/feature.js';
import type { Reply } from '../core/message.js';
import { formatLocal } from '../core/time.js';
import type { AnswerResult } from '../knowledge/answerer.js';
import type { AnswerOutcome, HandoffDesk } from './desk.js';
import { RecentQuestions } from './recent-questions.js';
import { pushIdIn, TEXTS, type HandoffTexts } from './texts.js';

/** Flows waiting for one message: the question to pass on (merchant), the answer to send (admin). */
const ASK_FLOW = 'handoff-ask';
const REPLY_FLOW = 'handoff-reply';
const CANCEL = /^(取消|算了|不用了|cancel|stop)$/i;
const LIST_QUESTION_CHARS = 60;

export interface HandoffFeatureOptions {
  /** BOT_CONTACT, named to the merchant as the way to reach a person at once. */
  contact?: string;
}

/** The hand-off as a feature, with the desk the web console answers through. */
export interface HandoffFeature extends Feature {
  readonly desk: HandoffDesk;
  /** Given to the knowledge feature: remembers each question and offers a person under "don't know". */
  decorateAnswer(ctx: BotContext, question: string, result: AnswerResult, reply: Reply): Reply;
}

const replyArgs = (locale: Locale) =>
  z.string().transform((raw, issues) => {
    const match = /^#?(\d{1,9})(?:\s+([\s\S]*))?$/.exec(raw);
    if (!match) {
      issues.addIssue({ code: 'custom', message: TEXTS[locale].replyArgs });
      return z.NEVER;
    }
    return { id: Number(match[1]), text: (match[2] ?? '').trim() };
  });

function outcomeText(outcome: AnswerOutcome, id: number, t: HandoffTexts, timezone: string): string {
  switch (outcome.status) {
    case 'delivered':
      return t.delivered(id, outcome.item.asker.name, t.where(outcome.item.chat));
    case 'gone':
      return t.gone(id, outcome.reason);
    case 'not-delivered':
      return t.notDelivered(id, outcome.reason);
    case 'uncertain':
      return t.uncertain(id, outcome.reason);
    case 'already-answered':
      return t.already(id, outcome.item.answer!.by, formatLocal(outcome.item.answer!.at, timezone));
    case 'busy':
      return t.busy(id);
    case 'unknown-id':
      return t.unknownId(id);
    case 'not-admin':
      return t.notAdmin;
    case 'empty':
      return t.emptyAnswer;
  }
}

/**
 * `转人工` (人工, /human [问题]): a merchant asks for a person; the request goes to every admin's private chat.
 * `/reply <编号> <答复>` (回复) sends the staff answer to the merchant's chat; `/handoffs` (人工列表) lists the waiting
 * ones. The knowledge feature's "don't know" reply offers the hand-off as a choice.
 *
 * @example
 * const handoff = handoffFeature(desk, { contact: 'county centre 0000-0000000' });
 * features.push(handoff, knowledgeFeature(knowledge, unanswered, handoff.decorateAnswer));
 */
export function handoffFeature(desk: HandoffDesk, options: HandoffFeatureOptions = {}): HandoffFeature {
  const recent = new RecentQuestions();

  const submit = async (ctx: BotContext, question: string) => {
    const t = TEXTS[ctx.locale];
    const group = ctx.message.chat.kind === 'group';
    // A second tap on the same button is not a second request.
    const same = desk.waiting().find((i) => i.chatKey === ctx.chatKey && i.asker.key === ctx.userKey && i.question === question);
    const item =
      same ??
      (await desk.ask({
        chat: ctx.message.chat,
        asker: { key: ctx.userKey, name: ctx.message.sender.name },
        question,
        locale: ctx.locale,
      }));
    ctx.reply(t.passed(item.id, group, options.contact));
  };

  const answer = async (ctx: BotContext, id: number, text: string) => {
    const outcome = await desk.answer(id, ctx.userKey, text);
    ctx.reply(outcomeText(outcome, id, TEXTS[ctx.locale], ctx.settings.timezone));
  };

  const startFlow = (ctx: BotContext, name: string, data: Record<string, unknown>, prompt: string) => {
    ctx.conversations.set(ctx.conversationKey, { flow: { name, data } }, ctx.now.getTime());
    ctx.reply(prompt);
  };

  return {
    name: 'handoff',
    desk,
    commands: [
      defineCommand({
        name: 'human',
        aliases: ['转人工', '人工'],
        summary: { 'zh-CN': '请中心工作人员解答：转人工 [问题]', en: 'ask a person at the centre: /human [question]' },
        usage: inEveryLocale(TEXTS, (t) => t.humanUsage),
        args: z.string(),
        run: async (ctx, text) => {
          const question = text || recent.take(ctx.conversationKey, ctx.now.getTime());
          if (question) return submit(ctx, question);
          startFlow(ctx, ASK_FLOW, {}, TEXTS[ctx.locale].askWhat(ctx.message.chat.kind === 'group'));
        },
      }),
      defineCommand({
        name: 'reply',
        aliases: ['回复'],
        summary: { 'zh-CN': '答复人工求助：回复 编号 答复内容', en: 'answer a hand-off: /reply <no.> <answer>' },
        usage: inEveryLocale(TEXTS, (t) => t.replyUsage),
        admin: true,
        args: replyArgs,
        run: async (ctx, { id, text }) => {
          if (text) return answer(ctx, id, text);
          // A bare `/reply 12` waits for the answer in the next message (a long answer typed on a phone).
          const item = desk.get(id);
          const t = TEXTS[ctx.locale];
          if (!item || item.answer) return answer(ctx, id, text);
          startFlow(ctx, REPLY_FLOW, { id }, t.replyPrompt(id, item.asker.name, item.question));
        },
      }),
      defineCommand({
        name: 'handoffs',
        aliases: ['人工列表'],
        summary: { 'zh-CN': '查看等待人工答复的问题', en: 'questions waiting for a person' },
        usage: '/handoffs',
        admin: true,
        args: noArgs,
        run: (ctx) => {
          const t = TEXTS[ctx.locale];
          const items = desk.waiting();
          if (!items.length) return ctx.reply(t.listEmpty);
          const lines = items.map((i) => t.listLine(i.id, t.span(i.waitedMs), t.where(i.chat), i.asker.name, shorten(i.question)));
          ctx.reply({ title: t.listTitle(items.length), text: `${lines.join('\n')}\n\n${t.listFooter}` });
        },
      }),
    ],
    handlers: [
      {
        // An admin's reply to a push (Telegram's reply, WeChat's quote) is the answer to that request.
        stage: 'flow',
        run: async (ctx, next) => {
          const id = ctx.role === 'admin' && ctx.message.replyToBot && ctx.message.quoted ? pushIdIn(ctx.message.quoted) : undefined;
          if (id === undefined) return next();
          ctx.conversations.delete(ctx.conversationKey);
          await answer(ctx, id, ctx.text);
        },
      },
      {
        stage: 'flow',
        run: async (ctx, next) => {
          const flow = ctx.conversations.get(ctx.conversationKey, ctx.now.getTime())?.flow;
          if (flow?.name !== ASK_FLOW && flow?.name !== REPLY_FLOW) return next();
          ctx.conversations.delete(ctx.conversationKey);
          if (CANCEL.test(ctx.text.trim())) return ctx.reply(TEXTS[ctx.locale].cancelled);
          if (flow.name === ASK_FLOW) return submit(ctx, ctx.text);
          await answer(ctx, Number(flow.data.id), ctx.text);
        },
      },
    ],
    decorateAnswer(ctx, question, result, reply) {
      recent.remember(ctx.conversationKey, question, ctx.now.getTime());
      // Offered only when the bot does not know; an off-topic referral already says where to ask instead.
      if (result.outcome !== 'none' || result.offTopic) return reply;
      const t = TEXTS[ctx.locale];
      const offer = { label: t.offerLabel, action: `/human ${question}` };
      return { ...reply, suggestions: [...(reply.suggestions ?? []), offer], suggestionsTitle: reply.suggestionsTitle ?? t.offerTitle };
    },
    stop: () => desk.idle(),
    health: () => ({ waiting: desk.waiting().length }),
  };
}

function shorten(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length <= LIST_QUESTION_CHARS ? chars.join('') : `${chars.slice(0, LIST_QUESTION_CHARS - 1).join('')}…`;
}
