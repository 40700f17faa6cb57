import { z } from 'zod';
import { defineCommand } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import type { Feature } from '../core/feature.js';
import type { Reply } from '../core/message.js';
import { dayIn, formatLocal } from '../core/time.js';
import type { AnswerResult } from './answerer.js';
import type { QuestionStats } from './question-stats.js';
import type { KnowledgeService } from './service.js';
import type { UnansweredLog } from './unanswered.js';

/** The command a suggestion runs when picked: shows one entry. */
const SHOW_COMMAND = 'answer';

/** The action that shows one FAQ entry when a user picks it (a button or a typed number). */
export function showAction(id: string): string {
  return `/${SHOW_COMMAND} ${id}`;
}

export function toReply(result: AnswerResult): Reply {
  return {
    text: result.body,
    suggestions: result.suggestions.map((s) => ({ label: s.question, action: showAction(s.id) })),
    ...(result.choicesTitle ? { suggestionsTitle: result.choicesTitle } : {}),
    ...(result.choicesFooter ? { suggestionsFooter: result.choicesFooter } : {}),
  };
}

/** Lets another feature see each question and add to its reply (the hand-off offered under "don't know"). */
export type AnswerDecorator = (ctx: BotContext, question: string, result: AnswerResult, reply: Reply) => Reply;

/** Questions, picked suggestions and /unanswered: the knowledge base as the user meets it. */
export function knowledgeFeature(knowledge: KnowledgeService, unanswered: UnansweredLog, stats?: QuestionStats, decorate?: AnswerDecorator): Feature {
  let today: ((instant: Date) => string) | undefined;
  const ask = async (ctx: BotContext, question: string) => {
    const answerer = knowledge.current();
    if (!answerer) {
      ctx.reply(ctx.texts.noKnowledge);
      return;
    }
    const result = answerer.ask(question);
    ctx.log.info({ outcome: result.outcome, entry: result.entryId, offTopic: result.offTopic, score: Number(result.score.toFixed(3)) }, 'question answered');
    today ??= dayIn(ctx.settings.timezone);
    const outcome = result.outcome === 'none' && result.offTopic ? 'referred' : result.outcome;
    // Counts for the staff console; like the unanswered log, never at the cost of the asker's reply.
    await stats?.count(today(ctx.now), outcome, result.outcome === 'answer' ? result.entryId : undefined).catch((err: unknown) => ctx.log.error({ err }, 'cannot count a question'));
    if (result.outcome !== 'answer') {
      const record = { at: ctx.now.toISOString(), question, outcome: result.outcome, platform: ctx.message.chat.platform };
      // The record is for admins; the asker's reply must not be lost to a full disk.
      await unanswered
        .record(result.offTopic ? { ...record, offTopic: result.offTopic } : record)
        .catch((err: unknown) => ctx.log.error({ err }, 'cannot record an unanswered question'));
    }
    const reply = toReply(result);
    ctx.reply(decorate ? decorate(ctx, question, result, reply) : reply);
  };

  return {
    name: 'knowledge',
    commands: [
      defineCommand({
        name: 'ask',
        aliases: ['问', '提问'],
        summary: { 'zh-CN': '提问，例如：/ask 卖自家橘子要办营业执照吗', en: 'ask a question, e.g. /ask do I need a licence' },
        usage: '/ask 问题',
        args: z.string().min(1, '请在命令后面写上您的问题。'),
        run: ask,
      }),
      defineCommand({
        name: SHOW_COMMAND,
        aliases: ['查看'],
        summary: { 'zh-CN': '查看某条知识', en: 'show one entry' },
        usage: `/${SHOW_COMMAND} 条目编号`,
        hidden: true,
        args: z.string().regex(/^[a-z0-9-]+$/, '条目编号不对。'),
        run: (ctx, id) => {
          const result = knowledge.current()?.show(id);
          ctx.reply(result ? toReply(result) : ctx.texts.expired);
        },
      }),
      defineCommand({
        name: 'unanswered',
        aliases: ['未解答'],
        summary: { 'zh-CN': '查看答不上来的问题（按次数）', en: 'questions the bot could not answer' },
        usage: '/unanswered [条数]',
        admin: true,
        args: z.string().transform((s) => (s ? Number(s) : 20)).pipe(z.number().int('条数要是整数').min(1).max(100)),
        run: (ctx, limit) => {
          const rows = unanswered.top(limit);
          const zh = ctx.locale === 'zh-CN';
          if (!rows.length) return ctx.reply(zh ? '目前没有未解答的问题。' : 'No unanswered questions so far.');
          ctx.reply({
            title: zh ? '未解答的问题' : 'Unanswered questions',
            // A referred question (off-topic) is marked: it is a gap only if the referral was wrong.
            text: rows.map((r, i) => `${i + 1}. ${r.question}（${r.count}次，最近 ${formatLocal(r.last, ctx.settings.timezone)}${r.offTopic ? `，已转介：${r.offTopic}` : ''}）`).join('\n'),
          });
        },
      }),
    ],
    handlers: [(ctx) => ask(ctx, ctx.text)],
    health: () => knowledge.health(),
  };
}
