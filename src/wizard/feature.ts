import { z } from 'zod';
import { defineCommand } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import type { Feature } from '../core/feature.js';
import type { Logger } from '../core/logger.js';
import type { FaqSource } from '../knowledge/faq-links.js';
import { LastGood } from '../knowledge/last-good.js';
import { AnswersSchema, interpret, nextStep, NO_ANSWERS, type Interpretation } from './answers.js';
import { complete } from './checklist.js';
import { checklistReply, KAIDIAN_COMMAND, questionReply } from './format.js';
import { readKaidianRules } from './load.js';
import type { KaidianRules, Question } from './schema.js';
import { TEXTS } from './texts.js';
import { inEveryLocale } from '../core/texts.js';

/** What the wizard needs from the composition root. */
export interface KaidianOptions {
  /** The knowledge folder holding kaidian.yaml. */
  dir: string;
  /** For links from checklist items to the FAQ entries that explain them. */
  faq: FaqSource;
  log: Logger;
}

/** The flow name in the conversation state while the wizard waits for an answer. */
export const KAIDIAN_FLOW = 'kaidian';

// A free-text reply that asks something is a question for the FAQ, not an answer to the wizard.
const ASKS = /[?？吗呢]|怎么|什么|多少|哪|咋|啥|如何|为什么|能不能|要不要|是不是|可不可以/u;
const SHORT_ANSWER = 16;

/**
 * `/kaidian` (开店向导): three questions (what you sell, as whom, on which platforms), then a checklist of what
 * to register or obtain, each item with the law, where to apply and links to the FAQ. Buttons carry the full
 * answers (`/kaidian farm self p=tb,dy`), so a late tap still works; the conversation state remembers the
 * open question for typed replies (数字, 个体户, “1 3 4”, 取消) and expires after `ttlMinutes`.
 *
 * @example
 * features.push(kaidianFeature({ dir: 'knowledge', faq: knowledgeService, log }));
 */
export function kaidianFeature(options: KaidianOptions): Feature {
  const file = new LastGood<KaidianRules>(
    'kaidian rules',
    async () => {
      const loaded = await readKaidianRules(options.dir);
      return { value: loaded.rules, problems: loaded.problems };
    },
    options.log,
    (r) => ({ items: r.checklist.length }),
  );

  const respond = (ctx: BotContext, r: KaidianRules, result: Interpretation) => {
    if (result.cancel) {
      ctx.conversations.delete(ctx.conversationKey);
      ctx.reply(TEXTS[ctx.locale].cancelled);
      return;
    }
    const done = complete(result.answers);
    if (done) {
      ctx.conversations.delete(ctx.conversationKey);
      ctx.log.info({ goods: done.goods, identity: done.identity, platforms: done.platforms }, 'kaidian checklist');
      ctx.reply(checklistReply(r, done, options.faq, ctx.locale));
      return;
    }
    // Not complete, so a question is open.
    const step = nextStep(result.answers) as Question;
    const problem = result.unclear.length ? TEXTS[ctx.locale].unclear(result.unclear.join(' ')) : undefined;
    ctx.conversations.set(
      ctx.conversationKey,
      { flow: { name: KAIDIAN_FLOW, data: result.answers } },
      ctx.now.getTime(),
      r.ttlMinutes * 60_000,
    );
    ctx.reply(questionReply(r, result.answers, step, ctx.locale, problem));
  };

  return {
    name: 'kaidian',
    commands: [
      defineCommand({
        name: KAIDIAN_COMMAND,
        aliases: ['开店向导'],
        summary: { 'zh-CN': '开店向导：回答三个问题，列出要办的证照和平台要求', en: 'shop wizard: what to register before selling online' },
        usage: inEveryLocale(TEXTS, (t) => t.usage),
        args: z.string(),
        run: (ctx, input) => {
          const rules = file.value;
          return rules ? respond(ctx, rules, interpret(rules, NO_ANSWERS, input)) : ctx.reply(TEXTS[ctx.locale].unavailable);
        },
      }),
    ],
    handlers: [
      {
        stage: 'flow',
        run: async (ctx, next) => {
          const flow = ctx.conversations.get(ctx.conversationKey, ctx.now.getTime())?.flow;
          const from = flow?.name === KAIDIAN_FLOW ? AnswersSchema.safeParse(flow.data) : undefined;
          const rules = file.value;
          if (!rules || !from?.success) return next();
          const attempt = interpret(rules, from.data, ctx.text);
          const answered = attempt.cancel || (!attempt.unclear.length && ctx.text.length <= SHORT_ANSWER && !ASKS.test(ctx.text));
          if (answered) return respond(ctx, rules, attempt);
          // Something else entirely: step aside for the answerer, and say the wizard is gone.
          ctx.conversations.delete(ctx.conversationKey);
          await next();
          ctx.reply(TEXTS[ctx.locale].left);
        },
      },
    ],
    start: () => file.load(),
    reload: () => file.load(),
    health: () => ({ items: file.value?.checklist.length ?? 0, error: file.error }),
  };
}
