import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { defineCommand, type Command } from '../core/commands.js';
import type { SchedulerDeps } from './deps.js';
import { jobName } from './messages.js';
import { rowVerdict } from './planner.js';
import type { LedgerRow } from './schemas.js';
import { DRAFT_TTL_MS } from './state.js';

/** The command behind the confirm button; typing `确认重发 1234` runs it too. */
const CONFIRM_COMMAND = 'confirmresend';

interface ResendDraft {
  job: string;
  author: string;
  /** The chats previewed: only these are re-sent, and only if still `unknown` then. */
  chats: string[];
  createdAt: number;
}

/** A job's rows whose outcome is unknown (the bot stopped while sending them, or the connection broke). */
const unknownRows = (deps: SchedulerDeps, job: string): LedgerRow[] => deps.ledger.rowsOf(job).filter((r) => r.status === 'unknown');

/**
 * `/resend <job>` and its confirm: an admin re-sends the `unknown` deliveries of one job (an announcement, a
 * new event, a reminder) after a preview, as /announce does. It works on ledger rows, one per (job, chat):
 * a chat whose row says sent is never sent to again. Previews live in memory for 30 minutes; after a restart
 * the admin asks again.
 */
export function resendCommands(deps: () => SchedulerDeps): Command<string>[] {
  const drafts = new Map<string, ResendDraft>();
  return [
    defineCommand({
      name: 'resend',
      aliases: ['重发'],
      summary: { 'zh-CN': '预览并重发状态未知的消息：/resend 任务编号', en: 'preview, then re-send deliveries whose outcome is unknown' },
      usage: '/resend j3（编号见 /deliveries）',
      admin: true,
      args: z
        .string()
        .trim()
        .regex(/^j\d+$/i, '请写上 /deliveries 里显示的任务编号，例如 j3。'),
      run: (ctx, raw) => {
        const d = deps();
        const id = raw.toLowerCase();
        const job = d.state.job(id);
        if (!job) return ctx.reply(`没有编号为 ${id} 的发送任务。发 /deliveries 查看。`);
        const rows = unknownRows(d, id);
        const name = jobName(job, d.state.subjectOf(job), ctx.locale);
        if (!rows.length) return ctx.reply(`${name}：没有状态未知的聊天，无需重发。`);
        const verdict = rowVerdict(job, d.state.subjectOf(job).event, true, d.now());
        if (!verdict.send) return ctx.reply(`${name} 已不能重发（${verdict.reason}）。如仍需通知，请重新发 /announce。`);
        const now = d.now().getTime();
        for (const [code, draft] of drafts) if (now - draft.createdAt > DRAFT_TTL_MS) drafts.delete(code);
        let code: string;
        do code = String(randomInt(1000, 10_000));
        while (drafts.has(code));
        drafts.set(code, { job: id, author: ctx.userKey, chats: rows.map((r) => r.chat), createdAt: now });
        // A message in parts is re-sent from its first unconfirmed part: the parts before it did arrive.
        const names = rows
          .slice(0, 20)
          .map((r) => `${d.chats.get(r.chat)?.title ?? r.chat}${r.parts ? `（从第 ${(r.partsSent ?? 0) + 1}/${r.parts} 段起）` : ''}`);
        const sent = d.ledger.rowsOf(id).filter((r) => r.status === 'sent').length;
        ctx.reply({
          title: '重发预览（尚未发送）',
          text: [
            `${name}`,
            `将重发给 ${rows.length} 个状态未知的聊天：${names.join('、')}${rows.length > names.length ? ` 等` : ''}`,
            `它们可能已经收到过（机器人发送途中停止或网络中断），重发可能让它们收到两次。已确认送达的 ${sent} 个聊天不会再收到。`,
            `确认重发请点“确认重发”，或回复“确认重发 ${code}”（30 分钟内有效）。`,
          ].join('\n'),
          suggestions: [{ label: '确认重发', action: `/${CONFIRM_COMMAND} ${code}` }],
        });
      },
    }),
    defineCommand({
      name: CONFIRM_COMMAND,
      aliases: ['确认重发'],
      summary: { 'zh-CN': '确认重发：确认重发 确认码', en: 'confirm a re-send' },
      usage: '确认重发 1234',
      admin: true,
      hidden: true,
      args: z
        .string()
        .trim()
        .regex(/^\d{4}$/, '确认码是 /resend 预览里的 4 位数字。'),
      run: async (ctx, code) => {
        const d = deps();
        const draft = drafts.get(code);
        if (!draft || draft.author !== ctx.userKey) return ctx.reply('没有找到这个确认码。确认码只能由发起重发的管理员本人使用。');
        drafts.delete(code);
        if (d.now().getTime() - draft.createdAt > DRAFT_TTL_MS) return ctx.reply('确认码已过期（30 分钟内有效），请重新发 /resend。');
        // Still unknown now: a double tap, or a second preview confirmed first, re-sends nothing twice.
        const previewed = new Set(draft.chats);
        const rows = unknownRows(d, draft.job).filter((r) => previewed.has(r.chat));
        if (!rows.length) return ctx.reply('这些聊天已经重发过了，不会重复发送。进度可用 /deliveries 查看。');
        await d.loop.resend(rows);
        ctx.log.info({ job: draft.job, chats: rows.length }, 'unknown deliveries re-sent');
        ctx.reply(`已确认，开始重发给 ${rows.length} 个聊天。发完后会把重发报告发给任务的发起人；进度可用 /deliveries 查看。`);
      },
    }),
  ];
}
