import { z } from 'zod';
import { defineCommand, noArgs, type Command } from '../core/commands.js';
import type { Locale } from '../core/texts.js';
import { formatLocal } from '../core/time.js';
import { audience, wantsAnnouncement } from './audience.js';
import { confirmAnnouncement, draftAnnouncement, parseAnnounce } from './announcements.js';
import type { SchedulerDeps } from './deps.js';
import { formatSpan } from './durations.js';
import { isSettled } from './ledger.js';
import { countsLine, jobName } from './messages.js';
import type { Job, LedgerRow } from './schemas.js';

/** The command behind the confirm button; typing `确认 1234` runs it too. */
const CONFIRM_COMMAND = 'confirm';

function jobLine(deps: SchedulerDeps, job: Job, locale: Locale): string {
  const when = formatLocal(job.plannedAt ?? job.due, deps.timezone, 'MM-DD HH:mm');
  const rows = deps.ledger.rowsOf(job.id);
  let state: string;
  if (job.doneAt && deps.ledger.unsettledOf(job.id)) state = `重发中：还有 ${deps.ledger.unsettledOf(job.id)} 个聊天待发`;
  else if (job.counts) {
    const took =
      job.plannedAt && job.doneAt ? `，用时 ${formatSpan(new Date(job.doneAt).getTime() - new Date(job.plannedAt).getTime(), locale)}` : '';
    state = `${countsLine(job.counts, locale)}${took}${job.status === 'skipped' ? `（已撤回：${job.reason}）` : ''}`;
  } else if (job.status === 'skipped') state = `未发送（${job.reason}）`;
  else {
    const sending = rows.filter((r) => r.status === 'sending').length;
    state = `进行中：已完成 ${rows.filter((r) => isSettled(r.status)).length}/${rows.length}，发送中 ${sending}`;
  }
  const lines = [`· ${when} ${jobName(job, deps.state.subjectOf(job), locale)} [${job.id}]`, `   ${state}`];
  // A message sent in parts names how many of them went (已发 1/2 段).
  const names = (found: LedgerRow[]) => {
    const shown = found
      .slice(0, 10)
      .map((r) => `${deps.chats.get(r.chat)?.title ?? r.chat}${r.parts ? `（已发 ${r.partsSent ?? 0}/${r.parts} 段）` : ''}`);
    return `${shown.join('、')}${found.length > shown.length ? ' 等' : ''}`;
  };
  const unknown = rows.filter((r) => r.status === 'unknown');
  if (unknown.length) {
    lines.push(`   状态未知 ${unknown.length} 个（发送途中机器人停止或网络中断，可能已收到，未自动重发）：${names(unknown)}`);
    lines.push(`   预览后重发给它们：/resend ${job.id}`);
  }
  // A long message that stopped part-way for good: the chat has its first parts only.
  const partial = rows.filter((r) => r.status === 'failed' && (r.partsSent ?? 0) > 0);
  if (partial.length) lines.push(`   只送达了前几段 ${partial.length} 个（其余段发送失败）：${names(partial)}`);
  return lines.join('\n');
}

/** /announce with its confirm step, and /deliveries. */
export function announceCommands(deps: () => SchedulerDeps): Command<string | undefined>[] {
  return [
    defineCommand({
      name: 'announce',
      aliases: ['公告', '发通知', '群发'],
      summary: { 'zh-CN': '给订阅的聊天发通知（先预览，确认后才发）', en: 'announce to subscribers (preview, then confirm)' },
      usage: '/announce [#培训|#展会|#政策] [@地区] 通知内容',
      admin: true,
      args: z.string(),
      run: async (ctx, raw) => {
        const d = deps();
        const input = parseAnnounce(raw);
        if (typeof input === 'string') return ctx.reply(input);
        const reach = audience(d.state.subscriptions, d.chats, (s) => wantsAnnouncement(s, input)).length;
        const filter = [input.topic ? `主题 ${input.topic}` : '全部主题', input.region ? `地区 ${input.region}` : '全部地区'].join('，');
        if (!reach) return ctx.reply(`没有符合条件（${filter}）的订阅，这条通知不会发给任何人，已作废。`);
        const draft = await draftAnnouncement(d.state, input, ctx.userKey, d.now());
        ctx.log.info({ announcement: draft.id, audience: reach }, 'announcement drafted');
        ctx.reply({
          title: '通知预览（尚未发送）',
          text: `将发给 ${reach} 个订阅的聊天（${filter}）：\n————\n${input.text}\n————\n确认发送请点“确认发送”，或回复“确认 ${draft.code}”（30 分钟内有效）。不确认就不会发送。`,
          suggestions: [{ label: '确认发送', action: `/${CONFIRM_COMMAND} ${draft.code}` }],
        });
      },
    }),
    defineCommand({
      name: CONFIRM_COMMAND,
      aliases: ['确认'],
      summary: { 'zh-CN': '确认发送通知：确认 确认码', en: 'confirm an announcement' },
      usage: '确认 1234',
      admin: true,
      hidden: true,
      args: z.string().regex(/^\d{4}$/, '确认码是 /announce 预览里的 4 位数字。'),
      run: async (ctx, code) => {
        const d = deps();
        const result = await confirmAnnouncement(d.state, d.loop, code, ctx.userKey, d.now());
        if (result.status === 'confirmed') {
          ctx.log.info({ announcement: result.announcement.id, job: result.announcement.job }, 'announcement confirmed');
          return ctx.reply(`已确认，开始发送。全部发完后会把发送报告发给您；进度可用 /deliveries 查看。`);
        }
        ctx.reply(
          result.status === 'already'
            ? '这条通知已经确认过了，不会重复发送。进度可用 /deliveries 查看。'
            : result.status === 'expired'
              ? '确认码已过期（30 分钟内有效），请重新发 /announce。'
              : '没有找到这个确认码。确认码只能由发起通知的管理员本人使用。',
        );
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
        if (!jobs.length) return ctx.reply('还没有发送记录。');
        ctx.reply({ title: '发送记录', text: jobs.map((j) => jobLine(d, j, ctx.locale)).join('\n') });
      },
    }),
  ];
}
