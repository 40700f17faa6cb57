import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Reply } from '../../core/message.js';
import { dayjs } from '../../core/time.js';
import { EntrySchema } from '../../knowledge/schema.js';
import { describeSubscription } from '../../scheduler/audience.js';
import { parseSubscribeArgs } from '../../scheduler/subscription-commands.js';
import { countRows } from '../../scheduler/ledger.js';
import { SubscriptionTopicSchema } from '../../scheduler/schemas.js';
import { CONSOLE_CSS, CONSOLE_JS } from './assets.js';
import type { ConsoleDeps } from './deps.js';
import { html, type Html } from './html.js';
import { layout, section, type Page } from './layout.js';
import { SESSION_MS } from './login-links.js';
import {
  announcePage,
  auditPage,
  dashboardPage,
  eventsPage,
  groupsPage,
  handoffsPage,
  knowledgePage,
  monthlyReport,
  questionsPage,
  reportPage,
  type View,
} from './pages.js';
import { reportCsv, reportXlsx } from './report.js';
import { CONSOLE_TEXTS } from './texts.js';

const SESSION_COOKIE = 'console_session';
// Nothing from elsewhere, no inline script or style, no framing: a hostile group name cannot run anything.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const EventFormSchema = z.object({
  time: z.string().trim().min(1).max(60),
  title: z.string().trim().min(1).max(100),
  place: z.string().trim().max(200).default(''),
  kind: z.enum(['培训', '展会', '论坛', '其他']),
  register: z.string().trim().max(200).default(''),
  regions: z.string().trim().max(200).default(''),
  description: z.string().trim().max(1000).default(''),
});
const AnnounceSchema = z.object({
  text: z.string().trim().min(1).max(1000),
  topic: z.union([z.literal(''), SubscriptionTopicSchema]).default(''),
  region: z.string().trim().max(30).regex(/^\S*$/).default(''),
});
const CodeSchema = z.object({ code: z.string().regex(/^\d{4}$/) });
const IdSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,20}$/) });
const MonthSchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});

// The event form as the chat's `key: value` form (one line per field; a newline inside a value would start a field).
function eventCommand(head: string, form: z.infer<typeof EventFormSchema>): string {
  const line = (key: string, value: string) => (value ? `\n${key}: ${value.replace(/\s*\n\s*/g, ' ')}` : '');
  return `${head}${line('时间', form.time)}${line('标题', form.title)}${line('地点', form.place)}${line('类型', form.kind)}${line('报名', form.register)}${line('地区', form.regions)}${line('说明', form.description)}`;
}

/**
 * The staff console at /console: one-time login links from the chat, a session cookie, CSRF on every POST, no
 * action by GET, a strict CSP, everything user-made escaped. Pages read the bot's services; changes run the
 * chat commands as the signed-in admin, so the console can do nothing the commands would refuse.
 */
export function consolePlugin(deps: ConsoleDeps) {
  const t = CONSOLE_TEXTS[deps.locale];
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody);
    await app.register(fastifyCsrf, { cookieOpts: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/console' } });
    await app.register(fastifyRateLimit, { global: false });

    app.addHook('onSend', async (_request, reply, payload) => {
      reply
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('x-frame-options', 'DENY');
      return payload;
    });
    app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (err.code?.startsWith('FST_CSRF')) {
        deps.log.warn({ url: request.url }, 'console: POST without a valid CSRF token refused');
        return reply
          .code(403)
          .type('text/html')
          .send(String(layout({ t, locale: deps.locale }, undefined, section(t.csrf, html``))));
      }
      if (err.statusCode === 429) return reply.code(429).send(err.message);
      if (err instanceof z.ZodError)
        return reply
          .code(400)
          .type('text/plain')
          .send(err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
      deps.log.error({ err, url: request.url }, 'console: request failed');
      return reply.code(500).type('text/plain').send('internal error');
    });

    const sessionOf = (request: FastifyRequest) => deps.access.admin(request.cookies[SESSION_COOKIE], deps.isAdmin);
    const page = (request: FastifyRequest, reply: FastifyReply, which: Page, body: (view: View) => Html | Promise<Html>) => {
      const admin = sessionOf(request);
      if (!admin)
        return reply
          .code(401)
          .type('text/html')
          .send(String(layout({ t, locale: deps.locale }, undefined, section(t.loginFailed, html``))));
      const view: View = { t, locale: deps.locale, csrf: reply.generateCsrf(), deps };
      return Promise.resolve(body(view)).then((b) =>
        reply.type('text/html; charset=utf-8').send(String(layout(view, which, b, { admin, csrf: view.csrf }))),
      );
    };
    // A POST: signed in, CSRF checked (preHandler), audited, then the page it lands on.
    const act = (
      which: Page,
      action: string,
      run: (admin: string, request: FastifyRequest) => Promise<{ detail: string; body: (view: View) => Html | Promise<Html> }>,
    ) => ({
      preHandler: app.csrfProtection,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const admin = sessionOf(request);
        if (!admin) return reply.code(401).send(t.loginFailed);
        const done = await run(admin, request);
        await deps.audit.record({ at: deps.now().toISOString(), admin, action, detail: done.detail });
        return page(request, reply, which, done.body);
      },
    });

    app.get('/assets/console.css', (_q, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(CONSOLE_CSS),
    );
    app.get('/assets/console.js', (_q, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(CONSOLE_JS),
    );

    app.get('/login', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
      const token = z.object({ t: z.string().max(100) }).safeParse(request.query);
      const granted = token.success ? deps.access.redeem(token.data.t) : undefined;
      if (!granted) {
        deps.log.warn({ from: request.ip }, 'console: login with an unknown, used or stale link refused');
        return reply
          .code(401)
          .type('text/html')
          .send(String(layout({ t, locale: deps.locale }, undefined, section(t.loginFailed, html``))));
      }
      await deps.audit.record({ at: deps.now().toISOString(), admin: granted.admin, action: 'login', detail: '' });
      reply.setCookie(SESSION_COOKIE, granted.session, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secureCookies,
        path: '/console',
        maxAge: SESSION_MS / 1000,
      });
      return reply.redirect('/console/');
    });
    app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
      const admin = sessionOf(request);
      deps.access.end(request.cookies[SESSION_COOKIE]);
      if (admin) await deps.audit.record({ at: deps.now().toISOString(), admin, action: 'logout', detail: '' });
      reply.clearCookie(SESSION_COOKIE, { path: '/console' });
      return reply.type('text/html').send(String(layout({ t, locale: deps.locale }, undefined, section(t.loggedOut, html``))));
    });

    app.get('/', (request, reply) => page(request, reply, 'dashboard', dashboardPage));
    app.get('/events', (request, reply) => page(request, reply, 'events', (view) => eventsPage(view)));
    app.post(
      '/events',
      act('events', 'event add', async (admin, request) => {
        const form = EventFormSchema.parse(request.body);
        const replies = await deps.run(admin, eventCommand('/event add', form));
        return { detail: form.title, body: (view) => eventsPage(view, replies) };
      }),
    );
    app.post(
      '/events/:id/edit',
      act('events', 'event edit', async (admin, request) => {
        const { id } = IdSchema.parse(request.params);
        const replies = await deps.run(admin, eventCommand(`/event edit ${id}`, EventFormSchema.parse(request.body)));
        return { detail: `#${id}`, body: (view) => eventsPage(view, replies) };
      }),
    );
    app.post(
      '/events/:id/cancel',
      act('events', 'event cancel', async (admin, request) => {
        const { id } = IdSchema.parse(request.params);
        const replies = await deps.run(admin, `/event cancel ${id}`);
        return { detail: `#${id}`, body: (view) => eventsPage(view, replies) };
      }),
    );
    app.get('/events/:id/registrations.csv', async (request, reply) => {
      if (!sessionOf(request)) return reply.code(401).send(t.loginFailed);
      const { id } = IdSchema.parse(request.params);
      const event = deps.scheduler.view()?.state.event(id);
      if (!event) return reply.code(404).send('not found');
      const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
      const lines = [
        ['name', 'user', 'chat', 'at'],
        ...event.interest.map((i) => [i.name, i.user, i.chat, dayjs(i.at).tz(deps.timezone).format('YYYY-MM-DD HH:mm')]),
      ];
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="event-${id}-registrations.csv"`)
        .send(`\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`);
    });

    app.get('/announce', (request, reply) => page(request, reply, 'announce', (view) => announcePage(view)));
    app.post(
      '/announce',
      act('announce', 'announce preview', async (admin, request) => {
        const form = AnnounceSchema.parse(request.body);
        const replies = await deps.run(
          admin,
          `/announce ${form.topic ? `#${form.topic} ` : ''}${form.region ? `@${form.region} ` : ''}${form.text}`,
        );
        const confirmCode = replies
          .flatMap((r) => r.suggestions ?? [])
          .map((s) => /^\/confirm (\d{4})$/.exec(s.action)?.[1])
          .find(Boolean);
        return { detail: form.text.slice(0, 80), body: (view) => announcePage(view, { replies, confirmCode }) };
      }),
    );
    app.post(
      '/announce/confirm',
      act('announce', 'announce confirm', async (admin, request) => {
        const { code } = CodeSchema.parse(request.body);
        const replies = await deps.run(admin, `/confirm ${code}`);
        const announcement = deps.scheduler
          .view()
          ?.state.data.announcements.find((a) => a.code === code && a.author === admin && a.status === 'confirmed');
        return { detail: code, body: (view) => announcePage(view, { replies, progressOf: announcement?.id }) };
      }),
    );
    app.post(
      '/announce/resend',
      act('announce', 'resend preview', async (admin, request) => {
        const { job } = z.object({ job: z.string().regex(/^j\d{1,9}$/) }).parse(request.body);
        const replies = await deps.run(admin, `/resend ${job}`);
        const resendCode = replies
          .flatMap((r) => r.suggestions ?? [])
          .map((s) => /^\/confirmresend (\d{4})$/.exec(s.action)?.[1])
          .find(Boolean);
        return { detail: job, body: (view) => announcePage(view, { replies, resendCode }) };
      }),
    );
    app.post(
      '/announce/resend/confirm',
      act('announce', 'resend confirm', async (admin, request) => {
        const { code } = CodeSchema.parse(request.body);
        const replies = await deps.run(admin, `/confirmresend ${code}`);
        return { detail: code, body: (view) => announcePage(view, { replies }) };
      }),
    );
    app.get('/api/announcement/:id', async (request, reply) => {
      if (!sessionOf(request)) return reply.code(401).send({ error: 'unauthorized' });
      const { id } = IdSchema.parse(request.params);
      const scheduler = deps.scheduler.view();
      const job = scheduler?.state.data.jobs.find((j) => j.kind === 'announcement' && j.ref === id);
      if (!job || !scheduler) return reply.code(404).send({ error: 'not found' });
      const counts = countRows(scheduler.ledger.rowsOf(job.id));
      const total = scheduler.ledger.rowsOf(job.id).length;
      const done = job.status === 'done' || job.status === 'skipped';
      const parts = (Object.keys(t.counts) as (keyof typeof counts)[]).map((k) => `${t.counts[k]} ${counts[k]}`).join(' · ');
      return reply.send({ done, line: `${parts} / ${total}${done ? ' ✓' : ' …'}`, counts, total });
    });

    // What the bot answers from now (kept in memory, reloaded after every change), not the files read again per page.
    const entriesInService = () => deps.answerer()?.entries ?? [];
    const entryList = () => entriesInService().map((entry) => ({ id: entry.id, question: entry.question }));
    const questions = async (admin: string, view: View, replies: Reply[] = []) => {
      view.suggestions = await deps.run(admin, '/suggestions');
      return questionsPage(view, entryList(), replies);
    };
    app.get('/questions', (request, reply) => page(request, reply, 'questions', (view) => questions(sessionOf(request)!, view)));
    app.post(
      '/questions/alternate',
      act('questions', 'add alternate', async (admin, request) => {
        const form = z
          .object({
            question: z.string().trim().min(1).max(300),
            entry: z
              .string()
              .trim()
              .regex(/^[a-z0-9-]{1,80}$/),
          })
          .parse(request.body);
        const result = await deps.addAlternate(form.entry, form.question);
        const problems = result.status === 'refused' ? `: ${result.problems.map((p) => p.message).join('; ')}` : '';
        const said: Reply = { text: `${form.entry} ← “${form.question}”: ${t.alternateOutcome[result.status]}${problems}` };
        return { detail: `${form.entry} ${result.status}`, body: (view) => questions(admin, view, [said]) };
      }),
    );
    app.post(
      '/suggestions',
      act('questions', 'suggestion', async (admin, request) => {
        const form = z.object({ n: z.coerce.number().int().min(1).max(999), verdict: z.enum(['accept', 'reject']) }).parse(request.body);
        const replies = await deps.run(admin, `/suggestions ${form.verdict} ${form.n}`);
        return { detail: `${form.verdict} ${form.n}`, body: (view) => questions(admin, view, replies) };
      }),
    );
    app.get('/handoffs', (request, reply) => page(request, reply, 'handoffs', (view) => handoffsPage(view)));
    app.post(
      '/handoffs/:id/answer',
      act('handoffs', 'handoff answer', async (admin, request) => {
        const { id } = z.object({ id: z.coerce.number().int().min(1) }).parse(request.params);
        const { text } = z.object({ text: z.string().trim().max(2000) }).parse(request.body);
        const outcome = await deps.handoffs.answer(id, admin, text);
        return { detail: `#${id} ${outcome.status}`, body: (view) => handoffsPage(view, `#${id}: ${t.handoffOutcome[outcome.status]}`) };
      }),
    );
    app.post(
      '/knowledge/entry',
      act('knowledge', 'new entry', async (admin, request) => {
        const lines = (text: string) =>
          text
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
        const form = z
          .object({
            id: z.string(),
            category: z.string(),
            question: z.string(),
            alternates: z.string(),
            answer: z.string(),
            detail: z.string().default(''),
            sources: z.string(),
            tags: z.string().default(''),
          })
          .parse(request.body);
        const draft = {
          id: form.id.trim(),
          category: form.category,
          question: form.question.trim(),
          alternates: lines(form.alternates),
          answer: `${form.answer.trim()}\n`,
          ...(form.detail.trim() ? { detail: `${form.detail.trim()}\n` } : {}),
          tags: form.tags
            .split(/[,，、]/)
            .map((s) => s.trim())
            .filter(Boolean),
          sources: lines(form.sources),
          reviewed: dayjs(deps.now()).tz(deps.timezone).format('YYYY-MM-DD'),
        };
        const checked = EntrySchema.safeParse(draft);
        let said: string;
        if (!checked.success)
          said = `${t.entryOutcome.invalid}: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
        else {
          const result = await deps.addEntry(draft);
          said = `${draft.id}: ${t.entryOutcome[result.status]}${result.status === 'refused' ? `: ${result.problems.map((p) => p.message).join('; ')}` : ''}`;
        }
        return {
          detail: `${draft.id} ${said.slice(0, 80)}`,
          body: async (view) => knowledgePage(view, entriesInService(), '', '', [{ text: said }]),
        };
      }),
    );
    app.get('/knowledge', (request, reply) => {
      const query = z.object({ q: z.string().max(100).default(''), ask: z.string().max(500).default('') }).safeParse(request.query);
      const { q, ask } = query.success ? query.data : { q: '', ask: '' };
      return page(request, reply, 'knowledge', async (view) => knowledgePage(view, entriesInService(), q, ask));
    });
    app.get('/groups', (request, reply) => page(request, reply, 'groups', (view) => groupsPage(view)));
    app.post(
      '/groups/subscription',
      act('groups', 'subscription', async (admin, request) => {
        const form = z
          .object({
            key: z.string().min(3).max(200),
            words: z.string().trim().max(200).default(''),
            verdict: z.enum(['subscribe', 'unsubscribe']),
          })
          .parse(request.body);
        const chat = deps.chats.list().find((c) => `${c.platform}:${c.id}` === form.key);
        const state = deps.scheduler.view()?.state;
        if (!chat || !state) return { detail: `${form.key} missing`, body: (view) => groupsPage(view, [{ text: t.none }]) };
        await state.changeSubscriptions((subscriptions) => {
          if (form.verdict === 'unsubscribe') delete subscriptions[form.key];
          else
            subscriptions[form.key] = {
              chat: { platform: chat.platform, id: chat.id, kind: chat.kind, title: chat.title },
              ...parseSubscribeArgs(form.words),
              by: admin,
              at: deps.now().toISOString(),
            };
        });
        const sub = state.subscription(form.key);
        const said = `${chat.title ?? chat.id}: ${sub ? describeSubscription(sub, deps.locale) : t.unsubscribe}`;
        return { detail: `${form.key} ${form.verdict} ${form.words}`, body: (view) => groupsPage(view, [{ text: said }]) };
      }),
    );
    app.get('/audit', (request, reply) => page(request, reply, 'audit', auditPage));

    const monthOf = (request: FastifyRequest) => {
      const parsed = MonthSchema.safeParse(request.query);
      return (parsed.success && parsed.data.month) || dayjs(deps.now()).tz(deps.timezone).format('YYYY-MM');
    };
    const reportRows = (month: string) =>
      monthlyReport(month, t, {
        stats: deps.stats,
        answerer: deps.answerer(),
        chats: deps.chats,
        scheduler: deps.scheduler.view(),
        timezone: deps.timezone,
        handoffs: deps.handoffs,
      });
    app.get('/report', (request, reply) => {
      const month = monthOf(request);
      return page(request, reply, 'report', (view) => reportPage(view, month, reportRows(month)));
    });
    app.get('/report.csv', async (request, reply) => {
      if (!sessionOf(request)) return reply.code(401).send(t.loginFailed);
      const month = monthOf(request);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="report-${month}.csv"`)
        .send(reportCsv(reportRows(month)));
    });
    app.get('/report.xlsx', async (request, reply) => {
      if (!sessionOf(request)) return reply.code(401).send(t.loginFailed);
      const month = monthOf(request);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="report-${month}.xlsx"`)
        .send(await reportXlsx(reportRows(month), month));
    });
  };
}
