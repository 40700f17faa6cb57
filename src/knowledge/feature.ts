import { z } from 'zod';
import { defineCommand } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import type { Feature } from '../core/feature.js';
import type { Reply } from '../core/message.js';
import type { Locale } from '../core/texts.js';
import { dayIn, formatLocal } from '../core/time.js';
import type { AnswerResult } from './answerer.js';
import { Offers, type Offer } from './learning/offers.js';
import { questionKey, type AnswerEvent, type AnswerEvents } from './learning/records.js';
import { FEEDBACK_WORDS, LEARNING_TEXTS } from './learning/texts.js';
import type { QuestionStats } from './question-stats.js';
import type { KnowledgeService } from './service.js';
import { TEXTS } from './texts.js';
import type { UnansweredLog } from './unanswered.js';

/** The command a suggestion runs when picked: shows one entry. */
const SHOW_COMMAND = 'answer';
/** The hidden command behind 有用 / 没用. */
const FEEDBACK_COMMAND = 'feedback';

/**
 * The action that shows one FAQ entry when a user picks it (a button or a typed number). `ref` ties the pick to
 * the offer it came from, so it is recorded against the question asked.
 */
export function showAction(id: string, ref?: string): string {
  return ref ? `/${SHOW_COMMAND} ${id} ${ref}` : `/${SHOW_COMMAND} ${id}`;
}

const feedbackAction = (ref: string, useful: boolean) => `/${FEEDBACK_COMMAND} ${ref} ${useful ? 'useful' : 'useless'}`;

/**
 * What choosing suggestion `id` of a result teaches: a pick of an ask-back, a tap on a runner-up under an answer
 * ("您可能还想问"); related follow-ups teach nothing (the asker wants more, not something else).
 */
function choiceKind(result: AnswerResult, id: string): 'pick' | 'tap' | undefined {
  if (result.outcome === 'clarify') return 'pick';
  return result.runnersUp.some((s) => s.id === id) ? 'tap' : undefined;
}

/**
 * The reply for a result. Answers and ask-backs are remembered as an offer for this asker, whose reference rides
 * in the choices' actions and in the 有用/没用 quick replies under an answer.
 */
function present(ctx: BotContext, offers: Offers, result: AnswerResult, question: string): Reply {
  const choices = result.suggestions.flatMap((s) => {
    const kind = choiceKind(result, s.id);
    return kind ? [{ entry: s.id, kind }] : [];
  });
  const answered = result.outcome === 'answer' ? result.entryId : undefined;
  const ref = choices.length || answered ? offers.add({ question, user: ctx.userKey, answered, choices }, ctx.now.getTime()) : undefined;
  const words = LEARNING_TEXTS[ctx.locale];
  return {
    text: result.body,
    suggestions: result.suggestions.map((s) => ({ label: s.question, action: showAction(s.id, choices.some((c) => c.entry === s.id) ? ref : undefined) })),
    ...(result.choicesTitle ? { suggestionsTitle: result.choicesTitle } : {}),
    ...(result.choicesFooter ? { suggestionsFooter: result.choicesFooter } : {}),
    ...(answered && ref
      ? {
          quickReplies: [
            { word: words.useful, action: feedbackAction(ref, true) },
            { word: words.useless, action: feedbackAction(ref, false) },
          ],
          quickRepliesHint: words.hint,
        }
      : {}),
  };
}

/** Lets another feature see each question and add to its reply (the hand-off offered under "don't know"). */
export type AnswerDecorator = (ctx: BotContext, question: string, result: AnswerResult, reply: Reply) => Reply;

const showArgs = (locale: Locale) =>
  z
    .string()
    .regex(/^[a-z0-9-]+(\s+[0-9a-f]{8})?$/, TEXTS[locale].badEntryId)
    .transform((s) => {
      const [id, ref] = s.split(/\s+/);
      return { id: id!, ref };
    });

const feedbackArgs = (locale: Locale) =>
  z
    .string()
    .regex(/^[0-9a-f]{8}\s+(useful|useless)$/, TEXTS[locale].badFeedback)
    .transform((s) => {
      const [ref, verdict] = s.split(/\s+/);
      return { ref: ref!, useful: verdict === 'useful' };
    });

/** Questions, picked suggestions, answer feedback and /unanswered: the knowledge base as the user meets it. */
export function knowledgeFeature(knowledge: KnowledgeService, unanswered: UnansweredLog, events: AnswerEvents, stats?: QuestionStats, decorate?: AnswerDecorator): Feature {
  const offers = new Offers();
  let today: ((instant: Date) => string) | undefined;

  // What users teach is for admins; the user's reply must not be lost to a full disk.
  const record = (ctx: BotContext, event: Omit<AnswerEvent, 'at' | 'user' | 'admin'>) =>
    events
      .record({ ...event, at: ctx.now.toISOString(), user: ctx.userKey, ...(ctx.role === 'admin' ? { admin: true } : {}) })
      .catch((err: unknown) => ctx.log.error({ err }, 'cannot record answer feedback'));

  const ask = async (ctx: BotContext, question: string) => {
    const answerer = knowledge.current();
    if (!answerer) {
      ctx.reply(ctx.texts.noKnowledge);
      return;
    }
    // 没用 with no answer to rate (too late, or never asked): no question for the answerer, nothing logged.
    if (FEEDBACK_WORDS.has(questionKey(question))) {
      ctx.reply(LEARNING_TEXTS[ctx.locale].stray);
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
      await unanswered
        .record(result.offTopic ? { ...record, offTopic: result.offTopic } : record)
        .catch((err: unknown) => ctx.log.error({ err }, 'cannot record an unanswered question'));
    }
    const reply = present(ctx, offers, result, question);
    ctx.reply(decorate ? decorate(ctx, question, result, reply) : reply);
  };

  const show = async (ctx: BotContext, { id, ref }: { id: string; ref: string | undefined }) => {
    const result = knowledge.current()?.show(id);
    if (!result) return ctx.reply(ctx.texts.expired);
    const offer: Offer | undefined = ref ? offers.get(ref, ctx.now.getTime()) : undefined;
    // Only the asker's own choice says which entry answers their question (in a group anyone can press).
    const choice = offer?.user === ctx.userKey ? offer.choices.find((c) => c.entry === id) : undefined;
    if (offer && choice) await record(ctx, { kind: choice.kind, question: offer.question, entry: id });
    ctx.reply(present(ctx, offers, result, choice ? offer!.question : result.question));
  };

  const rate = async (ctx: BotContext, { ref, useful }: { ref: string; useful: boolean }) => {
    const offer = offers.get(ref, ctx.now.getTime());
    if (!offer?.answered) return ctx.reply(ctx.texts.expired);
    const words = LEARNING_TEXTS[ctx.locale];
    // One opinion per person per answer: pressing 没用 twice is not two people saying so.
    if (!offer.raters.has(ctx.userKey)) {
      offer.raters.add(ctx.userKey);
      await record(ctx, { kind: useful ? 'useful' : 'useless', question: offer.question, entry: offer.answered });
    }
    ctx.reply(useful ? words.thanks : words.noted);
  };

  return {
    name: 'knowledge',
    commands: [
      defineCommand({
        name: 'ask',
        aliases: ['问', '提问'],
        summary: { 'zh-CN': '提问，例如：/ask 卖自家橘子要办营业执照吗', en: 'ask a question, e.g. /ask do I need a licence' },
        usage: { 'zh-CN': '/ask 问题', en: '/ask question' },
        args: (locale) => z.string().min(1, TEXTS[locale].noQuestion),
        run: ask,
      }),
      defineCommand({
        name: SHOW_COMMAND,
        aliases: ['查看'],
        summary: { 'zh-CN': '查看某条知识', en: 'show one entry' },
        usage: { 'zh-CN': `/${SHOW_COMMAND} 条目编号`, en: `/${SHOW_COMMAND} entry-id` },
        hidden: true,
        args: showArgs,
        run: show,
      }),
      defineCommand({
        name: FEEDBACK_COMMAND,
        summary: { 'zh-CN': '评价一条回答（有用/没用按钮）', en: 'rate an answer (the helpful/unhelpful buttons)' },
        usage: { 'zh-CN': `/${FEEDBACK_COMMAND} 编号 useful|useless`, en: `/${FEEDBACK_COMMAND} <ref> useful|useless` },
        hidden: true,
        args: feedbackArgs,
        run: rate,
      }),
      defineCommand({
        name: 'unanswered',
        aliases: ['未解答'],
        summary: { 'zh-CN': '查看答不上来的问题（按次数）', en: 'questions the bot could not answer' },
        usage: { 'zh-CN': '/unanswered [条数]', en: '/unanswered [count]' },
        admin: true,
        args: (locale) => z.string().transform((s) => (s ? Number(s) : 20)).pipe(z.number(TEXTS[locale].wholeCount).int(TEXTS[locale].wholeCount).min(1, TEXTS[locale].wholeCount).max(100, TEXTS[locale].wholeCount)),
        run: (ctx, limit) => {
          const t = TEXTS[ctx.locale];
          const rows = unanswered.top(limit);
          if (!rows.length) return ctx.reply(t.noUnanswered);
          ctx.reply({
            title: t.unansweredTitle,
            // A referred question (off-topic) is marked: it is a gap only if the referral was wrong.
            text: rows.map((r, i) => t.unansweredLine(i + 1, r.question, r.count, formatLocal(r.last, ctx.settings.timezone), r.offTopic)).join('\n'),
          });
        },
      }),
    ],
    handlers: [{ stage: 'fallback', run: (ctx) => ask(ctx, ctx.text) }],
    health: () => knowledge.health(),
  };
}
