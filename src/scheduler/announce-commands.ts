import { z } from 'zod';
import { defineCommand, noArgs, type Command } from '../core/commands.js';
import { inEveryLocale, type Locale } from '../core/texts.js';
import { audience, wantsAnnouncement } from './audience.js';
import { confirmAnnouncement, draftAnnouncement, parseAnnounce } from './announcements.js';
import type { SchedulerDeps } from './deps.js';
import { formatSpan } from './durations.js';
import { isSettled } from './ledger.js';
import { formatShortTime } from './local-time.js';
import { countsLine, jobName } from './messages.js';
import type { Job, LedgerRow } from './schemas.js';
import { ADMIN_TEXTS, TEXTS } from './texts.js';

/** The command behind the confirm button; typing `确认 1234` runs it too. */
const CONFIRM_COMMAND = 'confirm';

function jobLine(deps: SchedulerDeps, job: Job, locale: Locale): string {
  const t = ADMIN_TEXTS[locale];
  const when = formatShortTime(job.plannedAt ?? job.due, deps.timezone, locale);
  const rows = deps.ledger.rowsOf(job.id);
  let state: string;
  if (job.doneAt && deps.ledger.unsettledOf(job.id)) state = t.resending(deps.ledger.unsettledOf(job.id));
  else if (job.counts) {
    const took =
      job.plannedAt && job.doneAt ? t.took(formatSpan(new Date(job.doneAt).getTime() - new Date(job.plannedAt).getTime(), locale)) : '';
    state = `${countsLine(job.counts, locale)}${took}${job.status === 'skipped' ? t.withdrawn(job.reason ?? '') : ''}`;
  } else if (job.status === 'skipped') state = t.notSent(job.reason ?? '');
  else {
    const sending = rows.filter((r) => r.status === 'sending').length;
    state = t.inProgress(rows.filter((r) => isSettled(r.status)).length, rows.length, sending);
  }
  const lines = [`· ${when} ${jobName(job, deps.state.subjectOf(job), locale)} [${job.id}]`, `   ${state}`];
  // A message sent in parts names how many of them went (已发 1/2 段).
  const names = (found: LedgerRow[]) => {
    const shown = found
      .slice(0, 10)
      .map((r) => `${deps.chats.get(r.chat)?.title ?? r.chat}${r.parts ? t.partsSent(r.partsSent ?? 0, r.parts) : ''}`);
    return `${TEXTS[locale].list(shown)}${found.length > shown.length ? t.andMore : ''}`;
  };
  const unknown = rows.filter((r) => r.status === 'unknown');
  if (unknown.length) {
    lines.push(`   ${t.unknownRows(unknown.length, names(unknown))}`);
    lines.push(`   ${t.resendHint(job.id)}`);
  }
  // A long message that stopped part-way for good: the chat has its first parts only.
  const partial = rows.filter((r) => r.status === 'failed' && (r.partsSent ?? 0) > 0);
  if (partial.length) lines.push(`   ${t.partialRows(partial.length, names(partial))}`);
  return lines.join('\n');
}

/** /announce with its confirm step, and /deliveries. */
export function announceCommands(deps: () => SchedulerDeps): Command<string | undefined>[] {
  return [
    defineCommand({
      name: 'announce',
      aliases: ['公告', '发通知', '群发'],
      summary: { 'zh-CN': '给订阅的聊天发通知（先预览，确认后才发）', en: 'announce to subscribers (preview, then confirm)' },
      usage: inEveryLocale(ADMIN_TEXTS, (t) => t.announceUsage),
      admin: true,
      args: z.string(),
      run: async (ctx, raw) => {
        const d = deps();
        const t = ADMIN_TEXTS[ctx.locale];
        const texts = TEXTS[ctx.locale];
        const input = parseAnnounce(raw, ctx.locale);
        if (typeof input === 'string') return ctx.reply(input);
        const reach = audience(d.state.subscriptions, d.chats, (s) => wantsAnnouncement(s, input)).length;
        const filter = t.filter(
          input.topic ? t.topicFilter(texts.topic(input.topic)) : texts.allTopics,
          input.region ? t.regionFilter(input.region) : texts.allRegions,
        );
        if (!reach) return ctx.reply(t.noAudience(filter));
        const draft = await draftAnnouncement(d.state, input, ctx.userKey, d.now());
        ctx.log.info({ announcement: draft.id, audience: reach }, 'announcement drafted');
        ctx.reply({
          title: t.previewTitle,
          text: t.previewText(reach, filter, input.text, draft.code),
          suggestions: [{ label: t.confirmLabel, action: `/${CONFIRM_COMMAND} ${draft.code}` }],
        });
      },
    }),
    defineCommand({
      name: CONFIRM_COMMAND,
      aliases: ['确认'],
      summary: { 'zh-CN': '确认发送通知：确认 确认码', en: 'confirm an announcement' },
      usage: inEveryLocale(ADMIN_TEXTS, (t) => t.confirmUsage),
      admin: true,
      hidden: true,
      args: (locale) => z.string().regex(/^\d{4}$/, ADMIN_TEXTS[locale].badCode),
      run: async (ctx, code) => {
        const d = deps();
        const t = ADMIN_TEXTS[ctx.locale];
        const result = await confirmAnnouncement(d.state, d.loop, code, ctx.userKey, d.now());
        if (result.status === 'confirmed') {
          ctx.log.info({ announcement: result.announcement.id, job: result.announcement.job }, 'announcement confirmed');
          return ctx.reply(t.confirmed);
        }
        ctx.reply(result.status === 'already' ? t.alreadyConfirmed : result.status === 'expired' ? t.codeExpired : t.codeUnknown);
      },
    }),
    defineCommand({
      name: 'deliveries',
      aliases: ['发送记录'],
      summary: { 'zh-CN': '最近的群发和提醒的发送报告', en: 'recent delivery reports' },
      usage: '/deliveries',
      admin: true,
      args: noArgs,
      run: (ctx) => {
        const d = deps();
        const jobs = d.state.data.jobs
          .filter((j) => j.status !== 'pending' && d.ledger.rowsOf(j.id).length)
          .sort((a, b) => (b.plannedAt ?? b.due).localeCompare(a.plannedAt ?? a.due))
          .slice(0, 10);
        const t = ADMIN_TEXTS[ctx.locale];
        if (!jobs.length) return ctx.reply(t.noDeliveries);
        ctx.reply({ title: t.deliveriesTitle, text: jobs.map((j) => jobLine(d, j, ctx.locale)).join('\n') });
      },
    }),
  ];
}
