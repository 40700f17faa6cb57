import type { Reply } from '../../core/message.js';
import { dayjs, formatLocal } from '../../core/time.js';
import type { Entry } from '../../knowledge/schema.js';
import { STAT_OUTCOMES } from '../../knowledge/question-stats.js';
import { upcomingEvents } from '../../scheduler/calendar.js';
import { describeSubscription } from '../../scheduler/audience.js';
import { countRows } from '../../scheduler/ledger.js';
import { SUBSCRIPTION_TOPICS, type CalendarEvent, type DeliveryCounts, type Job } from '../../scheduler/schemas.js';
import { renderPlain } from '../../core/plain-text.js';
import type { ConsoleDeps } from './deps.js';
import { html, type Html } from './html.js';
import { section, table } from './layout.js';
import { monthlyReport, topicsOver, type ReportRow } from './report.js';
import type { ConsoleTexts } from './texts.js';

/** What every page needs besides its data. */
export interface View {
  t: ConsoleTexts;
  locale: string;
  csrf: string;
  deps: ConsoleDeps;
  /** `/suggestions` as the bot answered it for this admin (the questions page). */
  suggestions?: Reply[];
}

const csrfField = (view: View) => html`<input type="hidden" name="_csrf" value="${view.csrf}" />`;

/** The bot's replies to a command run from the console, as the admin would have read them in the chat. */
export function botSaid(view: View, replies: Reply[]): Html {
  return replies.length
    ? section(
        view.t.botSaid,
        replies.map((r) => html`<pre class="reply">${renderPlain(r, view.deps.locale)}</pre>`),
      )
    : html``;
}

function countsText(t: ConsoleTexts, counts: DeliveryCounts): string {
  return (Object.keys(t.counts) as (keyof DeliveryCounts)[]).map((k) => `${t.counts[k]} ${counts[k]}`).join(' · ');
}

function localDays(view: View, n: number): string[] {
  const today = dayjs(view.deps.now()).tz(view.deps.timezone);
  return Array.from({ length: n }, (_, i) => today.subtract(n - 1 - i, 'day').format('YYYY-MM-DD'));
}

/** Stacked bars of the questions per day by outcome, drawn by the server (no chart library, no CDN). */
function questionsChart(view: View): Html {
  const { stats } = view.deps;
  const days = localDays(view, 30);
  const totals = days.map((d) => STAT_OUTCOMES.reduce((sum, o) => sum + stats.day(d).outcomes[o], 0));
  const max = Math.max(1, ...totals);
  const colours = { answer: '#0b6e4f', clarify: '#f0b429', none: '#b42318', referred: '#7b8794' };
  const bars = days.map((d, i) => {
    let y = 140;
    return STAT_OUTCOMES.map((o) => {
      const h = (stats.day(d).outcomes[o] / max) * 130;
      y -= h;
      return html`<rect x="${i * 20 + 2}" y="${y.toFixed(1)}" width="16" height="${h.toFixed(1)}" fill="${colours[o]}"
        ><title>${d} ${view.t.outcomes[o]} ${stats.day(d).outcomes[o]}</title></rect
      >`;
    });
  });
  return html`<svg viewBox="0 0 600 160" width="100%" role="img" aria-label="${view.t.questionsPerDay}">
      ${bars}
      <text x="0" y="155">${days[0]!.slice(5)}</text>
      <text x="560" y="155">${days.at(-1)!.slice(5)}</text>
      <text x="0" y="10">${max}</text>
    </svg>
    <p class="legend">
      ${STAT_OUTCOMES.map((o) => html`<span><i class="bar k-${o}"></i> ${view.t.outcomes[o]} ${days.reduce((s, d) => s + stats.day(d).outcomes[o], 0)}</span>`)}
    </p>`;
}

function recentJobs(view: View, ms: number): Job[] {
  const since = view.deps.now().getTime() - ms;
  return view.deps.scheduler.view()?.state.data.jobs.filter((j) => new Date(j.plannedAt ?? j.createdAt).getTime() >= since) ?? [];
}

export function dashboardPage(view: View): Html {
  const { t, deps } = view;
  const scheduler = deps.scheduler.view();
  const subscribed = new Set(Object.keys(scheduler?.state.subscriptions ?? {}));
  const platforms = new Map<string, { chats: number; active: number; subscribed: number }>();
  for (const chat of deps.chats.list()) {
    const row = platforms.get(chat.platform) ?? { chats: 0, active: 0, subscribed: 0 };
    row.chats++;
    if (chat.active) row.active++;
    if (subscribed.has(`${chat.platform}:${chat.id}`)) row.subscribed++;
    platforms.set(chat.platform, row);
  }
  const delivered: DeliveryCounts = { sent: 0, failed: 0, removed: 0, unknown: 0, skipped: 0 };
  for (const job of recentJobs(view, 7 * 86_400_000)) {
    const counts = countRows(scheduler?.ledger.rowsOf(job.id) ?? []);
    for (const k of Object.keys(delivered) as (keyof DeliveryCounts)[]) delivered[k] += counts[k];
  }
  const upcoming = scheduler ? upcomingEvents(scheduler.state, deps.now()).slice(0, 5) : [];
  const topics = topicsOver(deps.stats, deps.answerer(), localDays(view, 30)).slice(0, 8);
  return html`${section(t.questionsPerDay, questionsChart(view))}
    <div class="grid">
      ${section(t.topTopics, topics.length ? table([t.nav.knowledge, t.times], topics) : html`<p class="muted">${t.none}</p>`)}
      ${section(t.topUnanswered, unansweredTable(view, 5))}
      ${section(
        t.groupsByPlatform,
        table(
          [t.platform, t.chats, t.active, t.subscribed],
          [...platforms].map(([p, r]) => [p, r.chats, r.active, r.subscribed]),
        ),
      )}
      ${section(
        t.upcoming,
        upcoming.length
          ? table(
              ['#', t.fields.title, t.fields.time],
              upcoming.map((e) => [e.id, e.title, formatLocal(e.start, deps.timezone)]),
            )
          : html`<p class="muted">${t.none}</p>`,
      )}
      ${section(t.deliveries7, html`<p>${countsText(t, delivered)}</p>`)} ${section(t.handoffsWaiting, waitingSummary(view))}
    </div>`;
}

function waitingSummary(view: View): Html {
  const waiting = view.deps.handoffs.waiting();
  if (!waiting.length) return html`<p class="muted">${view.t.none}</p>`;
  const longest = Math.max(...waiting.map((w) => w.waitedMs));
  return html`<p>
    <a href="/console/handoffs">${waiting.length}</a> · ${view.t.waited} ≤ ${Math.max(1, Math.round(longest / 60_000))} ${view.t.minutes}
  </p>`;
}

function unansweredTable(view: View, limit: number): Html {
  const rows = view.deps.unanswered.top(limit);
  if (!rows.length) return html`<p class="muted">${view.t.none}</p>`;
  return table(
    [view.t.nav.questions, view.t.times, view.t.last],
    rows.map((r) => [r.question, r.count, formatLocal(r.last, view.deps.timezone)]),
  );
}

const KIND_WORD: Record<CalendarEvent['kind'], keyof ConsoleTexts['kinds']> = {
  training: '培训',
  exhibition: '展会',
  forum: '论坛',
  other: '其他',
};

function eventForm(view: View, action: string, event?: CalendarEvent): Html {
  const { t, deps } = view;
  const f = t.fields;
  const time = event
    ? `${formatLocal(event.start, deps.timezone)}${event.end ? `-${formatLocal(event.end, deps.timezone, 'HH:mm')}` : ''}`
    : '';
  const kind = event ? KIND_WORD[event.kind] : '培训';
  return html`<form method="post" action="${action}">
    ${csrfField(view)} <label>${f.time}</label><input name="time" required value="${time}" /> <label>${f.title}</label
    ><input name="title" required maxlength="100" value="${event?.title ?? ''}" /> <label>${f.place}</label
    ><input name="place" value="${event?.place ?? event?.link ?? ''}" /> <label>${f.kind}</label
    ><select name="kind">
      ${(Object.keys(t.kinds) as (keyof ConsoleTexts['kinds'])[]).map((k) => html`<option value="${k}" ${k === kind ? html`selected` : ''}>${t.kinds[k]}</option>`)}
    </select>
    <label>${f.register}</label><input name="register" value="${event?.register ?? ''}" /> <label>${f.regions}</label
    ><input name="regions" value="${event?.regions.join('，') ?? ''}" /> <label>${f.description}</label
    ><textarea name="description">${event?.description ?? ''}</textarea> <input type="submit" value="${t.save}" />
  </form>`;
}

export function eventsPage(view: View, replies: Reply[] = []): Html {
  const { t, deps } = view;
  const events = [...(deps.scheduler.view()?.state.data.events ?? [])].sort((a, b) => b.start.localeCompare(a.start));
  const rows = events.map((e) => [
    e.id,
    html`<strong>${e.title}</strong><br /><span class="muted">${e.place ?? e.link ?? ''}</span>`,
    formatLocal(e.start, deps.timezone),
    t.status[e.status],
    html`${e.interest.length} <a href="/console/events/${e.id}/registrations.csv">${t.exportCsv}</a>`,
    e.status === 'scheduled'
      ? html`<details>
            <summary>${t.editEvent}</summary>
            ${eventForm(view, `/console/events/${e.id}/edit`, e)}
          </details>
          <form method="post" action="/console/events/${e.id}/cancel" data-confirm="${t.cancelEvent} #${e.id}?">
            ${csrfField(view)}<button class="danger" type="submit">${t.cancelEvent}</button>
          </form>`
      : '',
  ]);
  return html`${botSaid(view, replies)}${section(t.eventsTitle, rows.length ? table(['#', t.fields.title, t.fields.time, '', t.registrations, ''], rows) : html`<p class="muted">${t.none}</p>`)}
  ${section(t.newEvent, eventForm(view, '/console/events'))}`;
}

/** The button that confirms a previewed send (an announcement, or a re-send of its unknown chats) by its code. */
function confirmForm(view: View, action: string, code: string): Html {
  return html`<section>
    <form method="post" action="${action}">
      ${csrfField(view)}<input type="hidden" name="code" value="${code}" /><button class="primary" type="submit">${view.t.confirm}</button>
    </form>
  </section>`;
}

export function announcePage(
  view: View,
  result: { replies?: Reply[]; confirmCode?: string; resendCode?: string; progressOf?: string } = {},
): Html {
  const { t, deps } = view;
  const scheduler = deps.scheduler.view();
  const jobs = (scheduler?.state.data.jobs.filter((j) => j.kind === 'announcement') ?? []).slice(-10).reverse();
  const rows = jobs.map((job) => {
    const text = scheduler?.state.subjectOf(job).announcement?.text ?? '';
    const counts = countRows(scheduler?.ledger.rowsOf(job.id) ?? []);
    // Unknown deliveries (a crash or a broken connection mid-send) are re-sent only after a preview and a confirm.
    const resend = counts.unknown
      ? html`<form method="post" action="/console/announce/resend">
          ${csrfField(view)}<input type="hidden" name="job" value="${job.id}" /><button class="primary" type="submit">
            ${t.resendUnknown}
          </button>
        </form>`
      : '';
    return [formatLocal(job.plannedAt ?? job.createdAt, deps.timezone), text.slice(0, 60), html`${countsText(t, counts)}${resend}`];
  });
  return html`${result.replies ? botSaid(view, result.replies) : ''}
  ${result.confirmCode ? confirmForm(view, '/console/announce/confirm', result.confirmCode) : ''}
  ${result.resendCode ? confirmForm(view, '/console/announce/resend/confirm', result.resendCode) : ''}
  ${result.progressOf ? section(t.progress, html`<p data-job="/console/api/announcement/${result.progressOf}">…</p>`) : ''}
  ${section(
    t.announceTitle,
    html`<form method="post" action="/console/announce">
      ${csrfField(view)} <label>${t.announceText}</label><textarea name="text" required maxlength="1000"></textarea>
      <label>${t.topic}</label
      ><select name="topic">
        <option value="">${t.allTopics}</option>
        ${SUBSCRIPTION_TOPICS.map((topic) => html`<option>${topic}</option>`)}
      </select>
      <label>${t.region}</label><input name="region" maxlength="30" /> <input type="submit" value="${t.preview}" />
    </form>`,
  )}
  ${section(t.reports, rows.length ? table([t.when, t.announceText, t.progress], rows) : html`<p class="muted">${t.none}</p>`)}`;
}

/**
 * The unanswered log, each question with a form to add it to an entry's phrasings (picked from a searchable list
 * of the entries), and the suggestions queue as `/suggestions` shows it, accepted or rejected by number.
 */
export function questionsPage(view: View, entries: readonly { id: string; question: string }[], replies: Reply[] = []): Html {
  const { t, deps } = view;
  const rows = deps.unanswered
    .top(100)
    .map((r) => [
      r.question,
      r.count,
      formatLocal(r.last, deps.timezone),
      html`<form method="post" action="/console/questions/alternate">
        ${csrfField(view)}<input type="hidden" name="question" value="${r.question}" /><input
          name="entry"
          list="entry-ids"
          required
          placeholder="${t.pickEntry}"
        /><input type="submit" value="${t.addAlternate}" />
      </form>`,
    ]);
  return html`${botSaid(view, replies)}
    ${section(
      t.suggestionsTitle,
      html`${botSaid(view, view.suggestions ?? [])}
        <form method="post" action="/console/suggestions">
          ${csrfField(view)}<label>${t.suggestionNumber}</label><input name="n" inputmode="numeric" pattern="[0-9]{1,3}" required />
          <button class="primary" type="submit" name="verdict" value="accept">${t.accept}</button>
          <button class="danger" type="submit" name="verdict" value="reject">${t.reject}</button>
        </form>`,
    )}
    ${section(t.questionsTitle, rows.length ? table([t.nav.questions, t.times, t.last, t.addAlternate], rows) : html`<p class="muted">${t.none}</p>`)}
    <datalist id="entry-ids">${entries.map((e) => html`<option value="${e.id}">${e.question}</option>`)}</datalist>`;
}

export function knowledgePage(view: View, entries: readonly Entry[], query: string, ask: string, replies: Reply[] = []): Html {
  const { t, deps } = view;
  const f = t.entryFields;
  const topics = [...new Set(entries.map((e) => e.category))].sort();
  const entryForm = html`<form method="post" action="/console/knowledge/entry">
    ${csrfField(view)} <label>${f.id}</label><input name="id" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength="80" />
    <label>${f.category}</label
    ><select name="category">
      ${topics.map((c) => html`<option>${c}</option>`)}
    </select>
    <label>${f.question}</label><input name="question" required maxlength="200" /> <label>${f.alternates}</label
    ><textarea name="alternates" required></textarea> <label>${f.answer}</label><textarea name="answer" required></textarea>
    <label>${f.detail}</label><textarea name="detail"></textarea> <label>${f.sources}</label><textarea name="sources" required></textarea>
    <label>${f.tags}</label><input name="tags" /> <input type="submit" value="${t.save}" />
  </form>`;
  const today = dayjs(deps.now()).tz(deps.timezone).format('YYYY-MM-DD');
  const q = query.trim().toLowerCase();
  const shown = q ? entries.filter((e) => `${e.id} ${e.question} ${e.category}`.toLowerCase().includes(q)) : entries;
  let tried: Html = html``;
  const answerer = deps.answerer();
  if (ask.trim() && answerer) {
    const result = answerer.ask(ask.trim());
    tried = html`<p><strong>${result.outcome}</strong> ${result.entryId ?? ''} (${result.score.toFixed(3)})</p>
      <pre class="reply">${result.answer}</pre>
      <h3>${t.candidates}</h3>
      ${table(
        ['#', 'id', 'score'],
        (result.candidates ?? []).slice(0, 5).map((c, i) => [i + 1, c.id, c.score.toFixed(3)]),
      )}`;
  }
  return html`${botSaid(view, replies)}${section(
    t.tryAsk,
    html`<form method="get" action="/console/knowledge">
        <label>${t.tryAskHint}</label><input name="ask" value="${ask}" /><input type="submit" value="${t.tryAsk}" />
      </form>
      ${tried}`,
  )}
  ${section(
    t.knowledgeTitle,
    html`<form method="get" action="/console/knowledge"><input name="q" value="${query}" placeholder="${t.search}" /></form>
      ${table(
        ['id', t.topic, t.nav.questions, t.checkBy],
        shown.map((e) => [
          e.id,
          e.category,
          e.question,
          e.expires ? (e.expires < today ? html`<span class="warn">${e.expires} ${t.expired}</span>` : e.expires) : '',
        ]),
      )}`,
  )}
  ${section(t.newEntry, entryForm)}`;
}

export function handoffsPage(view: View, outcome?: string): Html {
  const { t, deps } = view;
  const minutes = (ms: number) => `${Math.max(1, Math.round(ms / 60_000))} ${t.minutes}`;
  const waiting = deps.handoffs
    .waiting()
    .map((item) => [
      `#${item.id}`,
      html`${item.question}<br /><span class="muted">${item.asker.name} · ${item.chatKey}</span>`,
      minutes(item.waitedMs),
      html`<form method="post" action="/console/handoffs/${item.id}/answer">
        ${csrfField(view)}<textarea name="text" required maxlength="2000"></textarea><input type="submit" value="${t.send}" />
      </form>`,
    ]);
  const answered = deps.handoffs
    .recent(20)
    .filter((item) => item.answer)
    .map((item) => [
      `#${item.id}`,
      item.question,
      item.answer!.text,
      `${item.answer!.by} · ${formatLocal(item.answer!.at, deps.timezone)}`,
    ]);
  return html`${outcome ? section(t.botSaid, html`<p>${outcome}</p>`) : ''}
  ${section(t.handoffsWaiting, waiting.length ? table(['#', t.nav.questions, t.waited, t.reply], waiting) : html`<p class="muted">${t.none}</p>`)}
  ${section(t.handoffsRecent, answered.length ? table(['#', t.nav.questions, t.reply, t.who], answered) : html`<p class="muted">${t.none}</p>`)}`;
}

export function groupsPage(view: View, replies: Reply[] = []): Html {
  const { t, deps } = view;
  const subscriptions = deps.scheduler.view()?.state.subscriptions ?? {};
  const rows = deps.chats.list().map((c) => {
    const key = `${c.platform}:${c.id}`;
    const sub = Object.hasOwn(subscriptions, key) ? subscriptions[key] : undefined;
    const form = html`<form method="post" action="/console/groups/subscription">
      ${csrfField(view)}<input type="hidden" name="key" value="${key}" /><input name="words" placeholder="${t.subscriptionWords}" /><button
        class="primary"
        type="submit"
        name="verdict"
        value="subscribe"
      >
        ${t.subscribe}
      </button>
      ${sub ? html`<button class="danger" type="submit" name="verdict" value="unsubscribe">${t.unsubscribe}</button>` : ''}
    </form>`;
    return [
      c.platform,
      c.title ?? c.id,
      c.kind,
      c.active ? '✓' : (c.inactiveReason ?? '✗'),
      formatLocal(c.updated, deps.timezone),
      html`${sub ? describeSubscription(sub, deps.locale) : ''}${form}`,
    ];
  });
  return html`${botSaid(view, replies)}${section(t.groupsTitle, table([t.platform, t.name, t.kind, t.active, t.lastSeen, t.subscriptions], rows))}`;
}

export function reportPage(view: View, month: string, rows: ReportRow[]): Html {
  const { t } = view;
  return section(
    `${t.reportTitle} ${month}`,
    html`<form method="get" action="/console/report" class="noprint">
        <label>${t.month}</label><input type="month" name="month" value="${month}" /><input type="submit" value="${t.search}" />
      </form>
      <p class="noprint">
        ${t.download}: <a href="/console/report.xlsx?month=${month}">XLSX</a> · <a href="/console/report.csv?month=${month}">CSV</a> ·
        <a href="#" data-print="1">${t.print}</a>
      </p>
      ${table(['', '', ''], rows)}`,
  );
}

export function auditPage(view: View): Html {
  const { t, deps } = view;
  return section(
    t.auditTitle,
    table(
      [t.when, t.who, t.what, ''],
      deps.audit.list().map((r) => [formatLocal(r.at, deps.timezone, 'YYYY-MM-DD HH:mm:ss'), r.admin, r.action, r.detail]),
    ),
  );
}

export { monthlyReport };
