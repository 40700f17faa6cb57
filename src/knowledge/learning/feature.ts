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

/** Items on one page of /suggestions. */
export const PAGE_SIZE = 10;

const USAGE = '/suggestions [页码] | /suggestions accept 编号 | /suggestions reject 编号';

type SuggestionsArgs = { action: 'list'; page: number } | { action: 'accept' | 'reject'; n: number };

const ACTIONS: Record<string, 'accept' | 'reject'> = { accept: 'accept', 采纳: 'accept', reject: 'reject', 驳回: 'reject' };

const Args = z
  .string()
  .regex(/^(?:(\d{1,4})|(accept|reject|采纳|驳回)\s*(\d{1,4}))?$/iu, '参数不对。')
  .transform((s): SuggestionsArgs => {
    const [, page, action, n] = /^(?:(\d{1,4})|(\S+?)\s*(\d{1,4}))?$/u.exec(s)!;
    if (action) return { action: ACTIONS[action.toLowerCase()]!, n: Number(n) };
    return { action: 'list', page: Number(page ?? 1) };
  })
  .refine((a) => (a.action === 'list' ? a.page : a.n) >= 1, '编号和页码从 1 开始。');

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
    const zh = ctx.locale === 'zh-CN';
    const items = suggestionItems(log, knowledge.current());
    shown.set(ctx.userKey, items);
    if (!items.length) return ctx.reply(zh ? '目前没有改进建议。' : 'No suggestions so far.');
    const pages = Math.ceil(items.length / PAGE_SIZE);
    if (page > pages) return ctx.reply(ctx.texts.usage(USAGE, zh ? `只有 ${pages} 页。` : `There are ${pages} pages.`));
    const lines: string[] = [];
    let heading: SuggestionItem['kind'] | undefined;
    items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).forEach((item, i) => {
      if (item.kind !== heading) {
        heading = item.kind;
        lines.push(item.kind === 'alternate' ? (zh ? '建议加入的说法（采纳后写进该条目的 alternates）：' : 'Phrasings to add (accept writes them to the entry’s alternates):') : zh ? '被标为“没用”的回答：' : 'Answers marked unhelpful:');
      }
      lines.push(`${(page - 1) * PAGE_SIZE + i + 1}. ${describe(ctx, item)}`);
    });
    lines.push('', zh ? `第 ${page}/${pages} 页。用法：${USAGE}` : `Page ${page}/${pages}. Usage: ${USAGE}`);
    ctx.reply({ title: zh ? '改进建议' : 'Suggestions', text: lines.join('\n') });
  };

  const describe = (ctx: BotContext, { kind, tally }: SuggestionItem) => {
    const zh = ctx.locale === 'zh-CN';
    const asked = knowledge.current()?.entry(tally.entry)?.question;
    const entry = asked ? `${tally.entry} ${asked}` : tally.entry;
    const last = formatLocal(tally.last, ctx.settings.timezone);
    if (kind === 'alternate') {
      const who = zh ? `${tally.users.length}人选过${tally.admin ? '，含管理员' : ''}，最近 ${last}` : `chosen by ${tally.users.length}${tally.admin ? ', an admin among them' : ''}, last ${last}`;
      return `“${cleanPhrasing(tally.question)}” → ${entry}（${who}）`;
    }
    return `${entry} ← “${tally.question}”（${zh ? `${tally.count}次，最近 ${last}` : `${tally.count} times, last ${last}`}）`;
  };

  const decide = async (ctx: BotContext, action: 'accept' | 'reject', n: number) => {
    const zh = ctx.locale === 'zh-CN';
    const item = (shown.get(ctx.userKey) ?? suggestionItems(log, knowledge.current()))[n - 1];
    if (!item) return ctx.reply(ctx.texts.usage(USAGE, zh ? `没有第 ${n} 条，先发 /suggestions 查看。` : `There is no item ${n}; send /suggestions first.`));
    if (!log.open(item.tally.kind).includes(item.tally)) return ctx.reply(zh ? `第 ${n} 条已经处理过了。` : `Item ${n} was dealt with already.`);
    const verdict = { item: item.id, at: ctx.now.toISOString(), by: ctx.userKey };
    if (action === 'reject') {
      await log.decide({ ...verdict, verdict: 'rejected' });
      ctx.log.info({ item: item.id }, 'suggestion rejected');
      return ctx.reply(zh ? `已驳回第 ${n} 条，它不会再出现。` : `Item ${n} dropped; it will not come back.`);
    }
    if (item.kind === 'useless') {
      return ctx.reply(zh ? `第 ${n} 条是“没用”反馈，没有可采纳的说法。改好回答后，用 /suggestions reject ${n} 把它移除。` : `Item ${n} is feedback, not a phrasing. Once the answer is improved, remove it with /suggestions reject ${n}.`);
    }
    const phrasing = cleanPhrasing(item.tally.question);
    const result = await addAlternate(knowledge.dir, item.tally.entry, phrasing, edit);
    ctx.log.info({ item: item.id, result: result.status }, 'suggestion accept');
    switch (result.status) {
      case 'added':
        await log.decide({ ...verdict, verdict: 'accepted' });
        // Now, not when the watcher gets to it: the next question must already find the new phrasing.
        await knowledge.load();
        return ctx.reply(zh ? `已采纳：“${phrasing}”加入 ${item.tally.entry} 的说法（${result.file}:${result.line}），知识库已重新加载。` : `Accepted: "${phrasing}" added to ${item.tally.entry} (${result.file}:${result.line}); knowledge reloaded.`);
      case 'refused':
        return ctx.reply(
          (zh ? `没有采纳第 ${n} 条：加入后知识库检查不通过，文件没有改动。\n` : `Item ${n} not accepted: the knowledge would fail the lint; no file was changed.\n`) +
            result.problems.slice(0, 5).map(formatProblem).join('\n'),
        );
      case 'missing':
        return ctx.reply(zh ? `知识库里已经没有 ${item.tally.entry} 这个条目。` : `The knowledge has no entry ${item.tally.entry} any more.`);
      case 'layout':
      case 'changed':
        return ctx.reply(
          zh
            ? `没有采纳第 ${n} 条：${result.status === 'changed' ? `${result.file} 刚被修改过，请再试一次` : `自动写入会改动 ${result.file} 的排版，请手工加入`}。文件没有改动。`
            : `Item ${n} not accepted: ${result.status === 'changed' ? `${result.file} changed meanwhile; try again` : `writing it would change the layout of ${result.file}; add it by hand`}. No file was changed.`,
        );
    }
  };

  return {
    name: 'suggestions',
    commands: [
      defineCommand({
        name: 'suggestions',
        aliases: ['建议'],
        summary: { 'zh-CN': '查看和处理改进建议（新说法、“没用”的回答）', en: 'review what users taught: new phrasings, unhelpful answers' },
        usage: USAGE,
        admin: true,
        args: Args,
        run: (ctx, args) => (args.action === 'list' ? list(ctx, args.page) : decide(ctx, args.action, args.n)),
      }),
    ],
  };
}
