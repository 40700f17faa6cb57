import ExcelJS from 'exceljs';
import type { ChatDirectory } from '../../core/chat-directory.js';
import { dayjs } from '../../core/time.js';
import type { HandoffDesk } from '../../handoff/desk.js';
import type { Answerer } from '../../knowledge/answerer.js';
import { STAT_OUTCOMES, type QuestionStats } from '../../knowledge/question-stats.js';
import { countRows, type Ledger } from '../../scheduler/ledger.js';
import type { SchedulerState } from '../../scheduler/state.js';
import type { ConsoleTexts } from './texts.js';

/** One line of the monthly report: a section, what is counted, and the number (or a short text). */
export type ReportRow = [section: string, item: string, value: string | number];

export interface ReportSources {
  stats: QuestionStats;
  answerer: Answerer | undefined;
  chats: ChatDirectory;
  scheduler: { state: SchedulerState; ledger: Ledger } | undefined;
  timezone: string;
  handoffs: HandoffDesk;
}

/** The local days (YYYY-MM-DD) of a month `YYYY-MM`. */
export function daysOf(month: string): string[] {
  const first = dayjs(`${month}-01`);
  return Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day').format('YYYY-MM-DD'));
}

/** Answers per topic (the entries' categories) over some days, most asked first. */
export function topicsOver(stats: QuestionStats, answerer: Answerer | undefined, days: string[]): [string, number][] {
  const topics = new Map<string, number>();
  for (const day of days) {
    for (const [entry, n] of Object.entries(stats.day(day).entries)) {
      const topic = answerer?.entry(entry)?.category ?? entry;
      topics.set(topic, (topics.get(topic) ?? 0) + n);
    }
  }
  return [...topics].sort((a, b) => b[1] - a[1]);
}

/**
 * What the centre reports to its funder (商务局, 电子商务进农村) for one month: questions asked and answered by
 * topic, events held and registrations, announcements and their reach, active groups.
 */
export function monthlyReport(month: string, t: ConsoleTexts, src: ReportSources): ReportRow[] {
  const days = daysOf(month);
  const rows: ReportRow[] = [];
  const q = t.nav.questions;
  const totals = Object.fromEntries(
    STAT_OUTCOMES.map((o) => [o, days.reduce((sum, d) => sum + src.stats.day(d).outcomes[o], 0)]),
  ) as Record<(typeof STAT_OUTCOMES)[number], number>;
  const asked = STAT_OUTCOMES.reduce((sum, o) => sum + totals[o], 0);
  rows.push([t.reportTitle, t.month, month], [q, 'total', asked]);
  for (const o of STAT_OUTCOMES) rows.push([q, t.outcomes[o], totals[o]]);
  for (const [topic, n] of topicsOver(src.stats, src.answerer, days)) rows.push([t.topTopics, topic, n]);
  const inMonth = (iso: string | undefined) => !!iso && dayjs(iso).tz(src.timezone).format('YYYY-MM') === month;
  const state = src.scheduler?.state;
  for (const event of state?.data.events.filter((e) => inMonth(e.start)) ?? []) {
    rows.push([
      t.eventsTitle,
      `#${event.id} ${event.title}${event.status === 'cancelled' ? ` (${t.status.cancelled})` : ''}`,
      event.interest.length,
    ]);
  }
  const announcements = state?.data.jobs.filter((j) => j.kind === 'announcement' && inMonth(j.plannedAt ?? j.createdAt)) ?? [];
  const reach = announcements.map((j) => countRows(src.scheduler!.ledger.rowsOf(j.id)).sent);
  rows.push([t.reports, 'total', announcements.length], [t.reports, t.counts.sent, reach.reduce((a, b) => a + b, 0)]);
  const handoffs = src.handoffs.recent(Number.MAX_SAFE_INTEGER).filter((item) => inMonth(item.at));
  rows.push(
    [t.nav.handoffs, 'total', handoffs.length],
    [t.nav.handoffs, t.handoffOutcome.delivered, handoffs.filter((item) => item.answer?.delivery === 'sent').length],
  );
  const chats = src.chats.list();
  rows.push([t.groupsTitle, t.active, chats.filter((c) => c.active).length], [t.groupsTitle, 'total', chats.length]);
  return rows;
}

/** CSV with a byte-order mark, so Excel on a Chinese Windows opens it as UTF-8. */
export function reportCsv(rows: ReportRow[]): string {
  const cell = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export async function reportXlsx(rows: ReportRow[], month: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(month);
  sheet.columns = [{ width: 24 }, { width: 48 }, { width: 14 }];
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
