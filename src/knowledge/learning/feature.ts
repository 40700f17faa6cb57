import { z } from 'zod';
import { defineCommand } from '../../core/commands.js';
import type { BotContext } from '../../core/context.js';
import type { Feature } from '../../core/feature.js';
import { formatLocal } from '../../core/time.js';
import { formatProblem } from '../load.js';
import type { KnowledgeService } from '../service.js';
import { addAlternate, type AddAlternateOptions } from './add-alternate.js';
import type { LearningLog } from './learning-log.js';
import { cleanPhrasing } from './records.js';
import { suggestionItems, type SuggestionItem } from './suggestions.js';
import { SUGGESTIONS_TEXTS } from './texts.js';
import type { Locale } from '../../core/texts.js';

/** Items on one page of /suggestions. */
export const PAGE_SIZE = 10;


type SuggestionsArgs = { action: 'list'; page: number } | { action: 'accept' | 'reject'; n: number };

const ACTIONS: Record<string, 'accept' | 'reject'> = { accept: 'accept', 采纳: 'accept', reject: 'reject', 驳回: 'reject' };

const args = (locale: Locale) =>
  z
    .string()
    .regex(/^(?:(\d{1,4})|(accept|reject|采纳|驳回)\s*(\d{1,4}))?$/iu, SUGGESTIONS_TEXTS[locale].badArgs)
    .transform((s): SuggestionsArgs => {
      const [, page, action, n] = /^(?:(\d{1,4})|(\S+?)\s*(\d{1,4}))?$/u.exec(s)!;
      if (action) return { action: ACTIONS[action.toLowerCase()]!, n: Number(n) };
      return { action: 'list', page: Number(page ?? 1) };
    })
    .refine((a) => (a.action === 'list' ? a.page : a.n) >= 1, SUGGESTIONS_TEXTS[locale].fromOne);

export interface SuggestionsFeatureOptions extends AddAlternateOptions {
  knowledge: KnowledgeService;
  log: LearningLog;
}

/**
 * Admin `/suggestions` (建议): what users taught by their picks, taps and 没用, numbered and paged; `accept N`
 * adds a proposed phrasing to its entry's YAML file (linted, then reloaded), `reject N` drops an item. Both
 * verdicts are journaled, so an item does not come back.
 */
export function suggestionsFeature({ knowledge, log, ...edit }: SuggestionsFeatureOptions): Feature {
  // Numbers refer to the list an admin last saw, not to one that changed since (a new 没用 would shift them).
  const shown = new Map<string, SuggestionItem[]>();

  const list = (ctx: BotContext, page: number) => {
    const t = SUGGESTIONS_TEXTS[ctx.locale];
    const items = suggestionItems(log, knowledge.current());
    shown.set(ctx.userKey, items);
    if (!items.length) return ctx.reply(t.none);
    const pages = Math.ceil(items.length / PAGE_SIZE);
    if (page > pages) return ctx.reply(ctx.texts.usage(t.usage, t.pages(pages)));
    const lines: string[] = [];
    let heading: SuggestionItem['kind'] | undefined;
    items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).forEach((item, i) => {
      if (item.kind !== heading) {
        heading = item.kind;
        lines.push(item.kind === 'alternate' ? t.alternatesHeading : t.uselessHeading);
      }
      lines.push(`${(page - 1) * PAGE_SIZE + i + 1}. ${describe(ctx, item)}`);
    });
    lines.push('', t.page(page, pages, t.usage));
    ctx.reply({ title: t.title, text: lines.join('\n') });
  };

  const describe = (ctx: BotContext, { kind, tally }: SuggestionItem) => {
    const t = SUGGESTIONS_TEXTS[ctx.locale];
    const asked = knowledge.current()?.entry(tally.entry)?.question;
    const entry = asked ? `${tally.entry} ${asked}` : tally.entry;
    const last = formatLocal(tally.last, ctx.settings.timezone);
    if (kind === 'alternate') {
      return t.alternateLine(cleanPhrasing(tally.question), entry, tally.users.length, tally.admin, last);
    }
    return t.uselessLine(entry, tally.question, tally.count, last);
  };

  const decide = async (ctx: BotContext, action: 'accept' | 'reject', n: number) => {
    const t = SUGGESTIONS_TEXTS[ctx.locale];
    const item = (shown.get(ctx.userKey) ?? suggestionItems(log, knowledge.current()))[n - 1];
    if (!item) return ctx.reply(ctx.texts.usage(t.usage, t.noItem(n)));
    if (!log.open(item.tally.kind).includes(item.tally)) return ctx.reply(t.done(n));
    const verdict = { item: item.id, at: ctx.now.toISOString(), by: ctx.userKey };
    if (action === 'reject') {
      await log.decide({ ...verdict, verdict: 'rejected' });
      ctx.log.info({ item: item.id }, 'suggestion rejected');
      return ctx.reply(t.rejected(n));
    }
    if (item.kind === 'useless') {
      return ctx.reply(t.notAPhrasing(n));
    }
    const phrasing = cleanPhrasing(item.tally.question);
    const result = await addAlternate(knowledge.dir, item.tally.entry, phrasing, edit);
    ctx.log.info({ item: item.id, result: result.status }, 'suggestion accept');
    switch (result.status) {
      case 'added':
        await log.decide({ ...verdict, verdict: 'accepted' });
        // Now, not when the watcher gets to it: the next question must already find the new phrasing.
        await knowledge.load();
        return ctx.reply(t.accepted(phrasing, item.tally.entry, `${result.file}:${result.line}`));
      case 'refused':
        return ctx.reply([t.lintRefused(n), ...result.problems.slice(0, 5).map(formatProblem)].join('\n'));
      case 'missing':
        return ctx.reply(t.missing(item.tally.entry));
      case 'layout':
      case 'changed':
        return ctx.reply(result.status === 'changed' ? t.changedMeanwhile(n, result.file) : t.layout(n, result.file));
    }
  };

  return {
    name: 'suggestions',
    commands: [
      defineCommand({
        name: 'suggestions',
        aliases: ['建议'],
        summary: { 'zh-CN': '查看和处理改进建议（新说法、“没用”的回答）', en: 'review what users taught: new phrasings, unhelpful answers' },
        usage: { 'zh-CN': SUGGESTIONS_TEXTS['zh-CN'].usage, en: SUGGESTIONS_TEXTS.en.usage },
        admin: true,
        args,
        run: (ctx, args) => (args.action === 'list' ? list(ctx, args.page) : decide(ctx, args.action, args.n)),
      }),
    ],
  };
}
