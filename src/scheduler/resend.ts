import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { defineCommand, type Command } from '../core/commands.js';
import { inEveryLocale } from '../core/texts.js';
import type { SchedulerDeps } from './deps.js';
import { jobName } from './messages.js';
import { rowVerdict } from './planner.js';
import type { LedgerRow } from './schemas.js';
import { DRAFT_TTL_MS } from './state.js';
import { ADMIN_TEXTS, TEXTS } from './texts.js';

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
      usage: inEveryLocale(ADMIN_TEXTS, (t) => t.resendUsage),
      admin: true,
      args: (locale) =>
        z
          .string()
          .trim()
          .regex(/^j\d+$/i, ADMIN_TEXTS[locale].badJob),
      run: (ctx, raw) => {
        const d = deps();
        const t = ADMIN_TEXTS[ctx.locale];
        const id = raw.toLowerCase();
        const job = d.state.job(id);
        if (!job) return ctx.reply(t.noSuchJob(id));
        const rows = unknownRows(d, id);
        const name = jobName(job, d.state.subjectOf(job), ctx.locale);
        if (!rows.length) return ctx.reply(t.nothingUnknown(name));
        const verdict = rowVerdict(job, d.state.subjectOf(job).event, true, d.now());
        if (!verdict.send) return ctx.reply(t.cannotResend(name, verdict.reason));
        const now = d.now().getTime();
        for (const [code, draft] of drafts) if (now - draft.createdAt > DRAFT_TTL_MS) drafts.delete(code);
        let code: string;
        do code = String(randomInt(1000, 10_000));
        while (drafts.has(code));
        drafts.set(code, { job: id, author: ctx.userKey, chats: rows.map((r) => r.chat), createdAt: now });
        // A message in parts is re-sent from its first unconfirmed part: the parts before it did arrive.
        const names = rows
          .slice(0, 20)
          .map((r) => `${d.chats.get(r.chat)?.title ?? r.chat}${r.parts ? t.resendFrom((r.partsSent ?? 0) + 1, r.parts) : ''}`);
        const sent = d.ledger.rowsOf(id).filter((r) => r.status === 'sent').length;
        const chats = `${TEXTS[ctx.locale].list(names)}${rows.length > names.length ? t.andMore : ''}`;
        ctx.reply({
          title: t.resendTitle,
          text: t.resendText(name, rows.length, chats, sent, code),
          suggestions: [{ label: t.confirmResendLabel, action: `/${CONFIRM_COMMAND} ${code}` }],
        });
      },
    }),
    defineCommand({
      name: CONFIRM_COMMAND,
      aliases: ['确认重发'],
      summary: { 'zh-CN': '确认重发：确认重发 确认码', en: 'confirm a re-send' },
      usage: inEveryLocale(ADMIN_TEXTS, (t) => t.confirmResendUsage),
      admin: true,
      hidden: true,
      args: (locale) =>
        z
          .string()
          .trim()
          .regex(/^\d{4}$/, ADMIN_TEXTS[locale].badResendCode),
      run: async (ctx, code) => {
        const d = deps();
        const t = ADMIN_TEXTS[ctx.locale];
        const draft = drafts.get(code);
        if (!draft || draft.author !== ctx.userKey) return ctx.reply(t.resendCodeUnknown);
        drafts.delete(code);
        if (d.now().getTime() - draft.createdAt > DRAFT_TTL_MS) return ctx.reply(t.resendExpired);
        // Still unknown now: a double tap, or a second preview confirmed first, re-sends nothing twice.
        const previewed = new Set(draft.chats);
        const rows = unknownRows(d, draft.job).filter((r) => previewed.has(r.chat));
        if (!rows.length) return ctx.reply(t.alreadyResent);
        await d.loop.resend(rows);
        ctx.log.info({ job: draft.job, chats: rows.length }, 'unknown deliveries re-sent');
        ctx.reply(t.resent(rows.length));
      },
    }),
  ];
}
