import { z } from 'zod';
import { defineCommand } from '../core/commands.js';
import type { BotContext } from '../core/context.js';
import type { Feature } from '../core/feature.js';
import type { Logger } from '../core/logger.js';
import type { FaqSource } from '../knowledge/faq-links.js';
import { LastGood } from '../knowledge/last-good.js';
import { formatFindings } from './format.js';
import { readCopyRules } from './load.js';
import type { CopyChecker } from './matcher.js';
import { TEXTS } from './texts.js';

/** What the copy check needs from the composition root. */
export interface CopyCheckOptions {
  /** The knowledge folder holding copy-rules.yaml. */
  dir: string;
  /** For links to the FAQ entries that explain each kind of risk. */
  faq: FaqSource;
  log: Logger;
}

/** The flow name while the bot waits for the text after a bare /check. */
const CHECK_FLOW = 'check';

/**
 * `/check <文案>` (检查文案, 查违禁词): lists the risky wordings in a title or detail page, each with the rule it
 * touches and a safer wording. A bare `/check` waits for the text in the next message. Rules are read from
 * `knowledge/copy-rules.yaml` at start and on every knowledge change; a broken edit keeps the last good rules,
 * and a file broken from the start leaves the command politely unavailable.
 *
 * @example
 * features.push(copyCheckFeature({ dir: 'knowledge', faq: knowledgeService, log }));
 */
export function copyCheckFeature(options: CopyCheckOptions): Feature {
  const rules = new LastGood<CopyChecker>(
    'copy rules',
    async () => {
      const loaded = await readCopyRules(options.dir);
      return { value: loaded.checker, problems: loaded.problems };
    },
    options.log,
    (c) => ({ rules: c.rules.rules.length }),
  );

  const check = (ctx: BotContext, text: string) => {
    const checker = rules.value;
    if (!checker) {
      ctx.reply(TEXTS[ctx.locale].unavailable);
      return;
    }
    const findings = checker.check(text);
    ctx.log.info({ chars: text.length, findings: findings.length, kinds: [...new Set(findings.map((f) => f.kind))] }, 'copy checked');
    ctx.reply(formatFindings(findings, checker.rules, options.faq, ctx.locale));
  };

  return {
    name: 'copy-check',
    commands: [
      defineCommand({
        name: 'check',
        aliases: ['检查文案', '查违禁词'],
        summary: {
          'zh-CN': '检查商品标题、详情页里的违禁词和风险说法，例如：/check 全网最低价纯天然',
          en: 'check listing copy for banned or risky wording',
        },
        usage: { 'zh-CN': '/check 商品标题或详情页文字', en: '/check title or detail-page text' },
        args: z.string(),
        run: (ctx, text) => {
          if (text) return check(ctx, text);
          ctx.conversations.set(ctx.conversationKey, { flow: { name: CHECK_FLOW, data: {} } }, ctx.now.getTime());
          ctx.reply(TEXTS[ctx.locale].askForText);
        },
      }),
    ],
    handlers: [
      {
        stage: 'flow',
        run: (ctx, next) => {
          if (ctx.conversations.get(ctx.conversationKey, ctx.now.getTime())?.flow?.name !== CHECK_FLOW) return next();
          ctx.conversations.delete(ctx.conversationKey);
          check(ctx, ctx.text);
        },
      },
    ],
    start: () => rules.load(),
    reload: () => rules.load(),
    health: () => ({ rules: rules.value?.rules.rules.length ?? 0, error: rules.error }),
  };
}
