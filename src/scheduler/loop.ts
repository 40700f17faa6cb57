import type { SendOutcome } from '../core/adapter.js';
import type { ChatDirectory } from '../core/chat-directory.js';
import { splitKey } from '../core/identity.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/message.js';
import type { Outbox } from '../core/outbox.js';
import { audience, wantsAnnouncement, wantsEvent } from './audience.js';
import { countRows, type Ledger, type RowChange } from './ledger.js';
import { jobName, renderJob, reportReply } from './messages.js';
import { TEXTS } from './texts.js';
import type { Locale } from '../core/texts.js';
import { decideDueJobs, MAX_ATTEMPTS, retryDelay, rowVerdict } from './planner.js';
import type { DeliveryCounts, Job, LedgerRow } from './schemas.js';
import type { SchedulerState } from './state.js';

/** How often the loop looks for due jobs and retries. */
const TICK_MS = 5000;
/** A platform that failed is left alone this long at most before the next row is tried. */
const MAX_PLATFORM_PAUSE_MS = 60_000;
/**
 * Failures in a row, across chats, before the whole platform is given a rest: one chat's trouble (its own rate
 * limit, a full topic) must not hold up the other chats, several chats failing together mean the platform's.
 */
const PLATFORM_TROUBLE = 3;
/** How long stop() waits for sends already handed to an adapter. */
const STOP_GRACE_MS = 10_000;

export interface LoopOptions {
  state: SchedulerState;
  ledger: Ledger;
  outbox: Outbox;
  chats: ChatDirectory;
  now: () => Date;
  log: Logger;
  timezone: string;
  /** BOT_LOCALE: pushes and reports are written in it. */
  locale: Locale;
  /** Rows a crash left `sending`, now `unknown`: their owners are told at the first pass. */
  recovered?: LedgerRow[];
}

/** A FIFO that does not copy on shift (10,000 rows). */
class RowQueue {
  private items: LedgerRow[] = [];
  private head = 0;
  get length() {
    return this.items.length - this.head;
  }
  push(row: LedgerRow) {
    this.items.push(row);
  }
  shift(): LedgerRow | undefined {
    const row = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return row;
  }
}

const platformOf = (chatKey: string) => splitKey(chatKey).platform;

/**
 * The one scheduler loop (not a timer per job): every tick, and whenever something changes, it fans out due
 * jobs into ledger rows and sends due rows through the outbox, a few per platform at a time. Each row is
 * marked `sending` on disk before its platform call and `sent` after, so a crash duplicates nothing and
 * loses nothing silently.
 */
export class DeliveryLoop {
  private readonly ready = new Map<string, RowQueue>();
  private waiting: { row: LedgerRow; at: number }[] = [];
  private nextWake = Infinity;
  private readonly inflightBy = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly failStreak = new Map<string, number>();
  private readonly toFinish = new Set<string>();
  /** Finished jobs an admin re-sends rows of, with when the re-send began: they report once more. */
  private readonly resending = new Map<string, number>();
  private recovered: LedgerRow[];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private lastPass?: Date;

  constructor(private readonly o: LoopOptions) {
    this.recovered = o.recovered ?? [];
  }

  /** Queues the planned rows found in the ledger and starts ticking. The first pass waits one tick, so adapters can start. */
  start(): void {
    this.stopped = false;
    const planned = [...this.o.ledger.all()].filter((r) => r.status === 'planned').sort((a, b) => a.due.localeCompare(b.due));
    const now = this.o.now().getTime();
    for (const row of planned) {
      if (row.next && new Date(row.next).getTime() > now) this.wait(row, new Date(row.next).getTime());
      else this.enqueue(row);
    }
    // Jobs whose last row settled just before a crash (or that had no rows) were never marked done.
    for (const job of this.o.state.data.jobs)
      if ((job.status === 'planned' || job.status === 'skipped') && !job.doneAt) this.toFinish.add(job.id);
    // A finished job with rows to send again: a re-send a stop interrupted.
    for (const job of this.o.state.data.jobs) if (job.doneAt && this.o.ledger.unsettledOf(job.id)) this.resending.set(job.id, now);
    this.arm();
  }

  /** Runs a pass soon (after an event was created or an announcement confirmed). */
  poke(): void {
    void this.request();
  }

  /** Resolves once no pass is running and no send is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.inflight.size) {
      await this.running;
      await Promise.allSettled([...this.inflight]);
    }
  }

  /** Stops ticking, lets sends in flight finish (up to 10 s) and writes their outcomes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    let cap: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => (cap = setTimeout(r, STOP_GRACE_MS)))]);
    clearTimeout(cap);
    await this.o.ledger.commit([], this.o.now()).catch((err) => this.o.log.error({ err }, 'cannot write the last delivery outcomes'));
  }

  /**
   * Withdraws jobs (an event was rescheduled or cancelled). Pending ones are done with; deliveries already
   * planned are skipped when their turn comes, and the job is finished once they have settled.
   */
  withdraw(jobs: Job[], reason: string): void {
    const at = this.o.now().toISOString();
    for (const job of jobs) {
      if (job.status === 'pending') Object.assign(job, { status: 'skipped', reason, doneAt: at });
      else if (job.status === 'planned') {
        Object.assign(job, { status: 'skipped', reason });
        this.toFinish.add(job.id);
      }
    }
  }

  /**
   * Sends rows of a finished job again (the `unknown` ones an admin confirmed): planned on disk first, then
   * queued; the job reports to its owner once more when they have settled. Only these rows: a chat marked sent
   * is never told twice.
   */
  async resend(rows: LedgerRow[]): Promise<void> {
    const now = this.o.now();
    await this.o.ledger.commit(
      rows.map((row) => ({ row, change: { status: 'planned', reason: 're-sent by an admin' } })),
      now,
      { sync: true },
    );
    for (const row of rows) {
      this.resending.set(row.job, now.getTime());
      this.enqueue(row);
    }
    this.poke();
  }

  /** Moves planned deliveries to a chat's new id (Telegram supergroup migration, WeChat re-login). */
  async moveChat(oldKey: string, newKey: string): Promise<void> {
    const now = this.o.now();
    const moving = [...this.o.ledger.all()].filter((r) => r.chat === oldKey && r.status === 'planned');
    if (!moving.length) return;
    const at = now.toISOString();
    for (const row of moving) this.o.ledger.stage(row, { status: 'skipped', reason: `chat moved to ${newKey}` }, at);
    const fresh = await this.o.ledger.plan(
      moving.map((r) => ({ job: r.job, chat: newKey, due: r.due })),
      now,
    );
    const before = new Map(moving.map((r) => [r.job, r]));
    for (const row of fresh) {
      // Parts an earlier try delivered under the old id reached the same chat: the new row resumes after them.
      const { partsSent, parts } = before.get(row.job) ?? {};
      if (parts) this.o.ledger.stage(row, { status: 'planned', partsSent, parts }, at);
      this.enqueue(row);
    }
    this.poke();
  }

  health(): Record<string, unknown> {
    const rows: Record<string, number> = {};
    for (const row of this.o.ledger.all()) rows[row.status] = (rows[row.status] ?? 0) + 1;
    return { rows, inflight: this.inflight.size, lastPass: this.lastPass?.toISOString() };
  }

  private arm(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.request().finally(() => this.arm());
    }, TICK_MS);
    this.timer.unref();
  }

  /** Runs passes one at a time; a request during a pass makes it run once more. */
  private request(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.o.log.error({ err }, 'scheduler pass failed; trying again at the next tick');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = this.o.now();
    this.lastPass = now;
    this.tellRecovered();
    await this.fanOut(now);
    this.wake(now.getTime());
    await this.pump(now);
    await this.finishJobs(now);
  }

  private enqueue(row: LedgerRow): void {
    const platform = platformOf(row.chat);
    let queue = this.ready.get(platform);
    if (!queue) this.ready.set(platform, (queue = new RowQueue()));
    queue.push(row);
  }

  private wait(row: LedgerRow, at: number): void {
    this.waiting.push({ row, at });
    this.nextWake = Math.min(this.nextWake, at);
  }

  private wake(now: number): void {
    if (now < this.nextWake) return;
    const still: typeof this.waiting = [];
    this.nextWake = Infinity;
    for (const entry of this.waiting) {
      if (entry.at <= now) this.enqueue(entry.row);
      else {
        still.push(entry);
        this.nextWake = Math.min(this.nextWake, entry.at);
      }
    }
    this.waiting = still;
  }

  /** The chats a job goes to now: matching subscribers, or for notices the chats already told of the event. */
  private targets(job: Job): string[] {
    const { event, announcement } = this.o.state.subjectOf(job);
    const active = (key: string) => this.o.chats.isActive(key);
    if (job.kind === 'event-update' || job.kind === 'event-cancel') {
      const told = new Set<string>();
      for (const other of this.o.state.jobsOf(job.ref)) {
        if (other.id === job.id || other.kind === 'event-cancel') continue;
        // `sending` counts: it may be arriving right now; `unknown` too: a notice they did not need is harmless.
        for (const row of this.o.ledger.rowsOf(other.id)) {
          if (row.status === 'sent' || row.status === 'unknown' || row.status === 'sending') told.add(this.o.chats.current(row.chat));
        }
      }
      return [...told].filter(active);
    }
    const { subscriptions } = this.o.state;
    if (announcement) return audience(subscriptions, this.o.chats, (s) => wantsAnnouncement(s, announcement));
    return event ? audience(subscriptions, this.o.chats, (s) => wantsEvent(s, event)) : [];
  }

  private async fanOut(now: Date): Promise<void> {
    const nowIso = now.toISOString();
    if (!this.o.state.data.jobs.some((j) => j.status === 'pending' && j.due <= nowIso)) return;
    const decisions = decideDueJobs(this.o.state.data.jobs, this.o.state.eventsById(), now);
    // The rows go to the ledger first (planning again after a failure duplicates none); the jobs' new states are
    // written in one change after, for the jobs still pending then (an admin may have cancelled one meanwhile).
    const updates: { job: Job; change: Partial<Job> }[] = [];
    for (const decision of decisions) {
      const { job } = decision;
      if (decision.action === 'skip') {
        // Rows planned before a crash cut the fan-out short are skipped one by one; the job finishes after them.
        const hasRows = this.o.ledger.rowsOf(job.id).length > 0;
        updates.push({ job, change: { status: 'skipped', reason: decision.reason, ...(hasRows ? {} : { doneAt: nowIso }) } });
        this.o.log.info({ job: job.id, kind: job.kind, reason: decision.reason }, 'job skipped');
        continue;
      }
      const chats = this.targets(job);
      if (job.kind === 'reminder') this.supersedeEarlierReminders(job, new Set(chats), nowIso);
      const fresh = await this.o.ledger.plan(
        chats.map((chat) => ({ job: job.id, chat, due: job.due })),
        now,
      );
      for (const row of fresh) this.enqueue(row);
      updates.push({ job, change: { status: 'planned', plannedAt: nowIso } });
      this.o.log.info({ job: job.id, kind: job.kind, chats: chats.length }, 'job fanned out');
    }
    await this.o.state.change(() => {
      for (const { job, change } of updates) if (job.status === 'pending') Object.assign(job, change);
    });
    for (const { job } of updates) this.toFinish.add(job.id);
  }

  // A chat still waiting for an older reminder of the same event gets only the newest one.
  private supersedeEarlierReminders(job: Job, chats: Set<string>, at: string): void {
    for (const earlier of this.o.state.jobsOf(job.ref)) {
      if (earlier.kind !== 'reminder' || earlier.id === job.id || !this.o.ledger.unsettledOf(earlier.id)) continue;
      for (const row of this.o.ledger.rowsOf(earlier.id)) {
        if (row.status === 'planned' && chats.has(row.chat)) this.o.ledger.stage(row, { status: 'skipped', reason: 'superseded' }, at);
      }
    }
  }

  private async pump(now: Date): Promise<void> {
    const nowIso = now.toISOString();
    const jobs = new Map(this.o.state.data.jobs.map((j) => [j.id, j]));
    const starting: { row: LedgerRow; reply: Reply }[] = [];
    for (const [platform, queue] of this.ready) {
      if ((this.pausedUntil.get(platform) ?? 0) > now.getTime()) continue;
      // Each adapter says how many of its sends may be in flight (Adapter.sendWindow): after a crash at most that
      // many rows per platform are unknown.
      const window = this.o.outbox.window(platform);
      let busy = this.inflightBy.get(platform) ?? 0;
      while (busy < window && queue.length) {
        const row = queue.shift()!;
        if (row.status !== 'planned') continue;
        const job = jobs.get(row.job);
        const subject = job ? this.o.state.subjectOf(job) : {};
        const verdict = job
          ? rowVerdict(job, subject.event, this.o.state.subscription(row.chat) !== undefined, now)
          : { send: false as const, reason: 'job deleted' };
        const reply = verdict.send && job ? renderJob(job, subject, this.o.timezone, now, this.o.locale) : undefined;
        if (!reply) {
          this.o.ledger.stage(row, { status: 'skipped', reason: verdict.send ? 'nothing to send' : verdict.reason }, nowIso);
          continue;
        }
        starting.push({ row, reply });
        busy++;
      }
      this.inflightBy.set(platform, busy);
    }
    if (!starting.length) {
      await this.o.ledger.commit([], now);
      return;
    }
    try {
      // The write-ahead mark: on disk before any of these platform calls is made.
      await this.o.ledger.commit(
        starting.map(({ row }) => ({ row, change: { status: 'sending', attempts: row.attempts + 1 } })),
        now,
        { sync: true },
      );
    } catch (err) {
      this.o.log.error({ err }, 'cannot write delivery marks; nothing sent, retrying in 30 s');
      for (const { row } of starting) {
        this.inflightBy.set(platformOf(row.chat), (this.inflightBy.get(platformOf(row.chat)) ?? 1) - 1);
        this.wait(row, now.getTime() + 30_000);
      }
      return;
    }
    for (const { row, reply } of starting) this.send(row, reply);
  }

  private send(row: LedgerRow, reply: Reply): void {
    const platform = platformOf(row.chat);
    const work = this.o.outbox
      // Parts an earlier try delivered are not sent again (the reply is rendered anew, so the parts must fall the
      // same way: announcements and new-event notices render the same each time; a reminder's title counts down,
      // but a reminder has no description and fits in one part). A forum group gets it in its subscribed topic.
      .send(row.chat, reply, { fromPart: row.partsSent ?? 0, thread: this.o.state.subscriptions[this.o.chats.current(row.chat)]?.thread })
      .then((outcome) => this.settle(row, outcome))
      .catch((err) => this.o.log.error({ err, chat: row.chat }, 'delivery outcome not recorded'))
      .finally(() => {
        this.inflight.delete(work);
        this.inflightBy.set(platform, (this.inflightBy.get(platform) ?? 1) - 1);
        void this.request();
      });
    this.inflight.add(work);
  }

  private settle(row: LedgerRow, outcome: SendOutcome): void {
    const now = this.o.now();
    const at = now.toISOString();
    const progress = outcome.parts ? { partsSent: outcome.partsSent ?? 0, parts: outcome.parts } : {};
    const platform = platformOf(row.chat);
    const streak = outcome.status === 'failed' && outcome.retryable ? (this.failStreak.get(platform) ?? 0) + 1 : 0;
    this.failStreak.set(platform, streak);
    let change: RowChange;
    if (outcome.status === 'sent') change = { status: 'sent', messageId: outcome.messageId, ...progress };
    else if (outcome.status === 'gone') change = { status: 'failed', gone: true, reason: outcome.reason, ...progress };
    else if (outcome.status === 'skipped') change = { status: 'skipped', reason: outcome.reason };
    // The request left and no answer came: it may have arrived, so it is not sent again (as after a crash).
    else if (outcome.status === 'unknown') change = { status: 'unknown', reason: outcome.reason, ...progress };
    else if (outcome.retryable && row.attempts < MAX_ATTEMPTS) {
      const delay = retryDelay(row.attempts);
      const next = now.getTime() + delay;
      change = { status: 'planned', next: new Date(next).toISOString(), reason: outcome.reason, ...progress };
      this.wait(row, next);
      // Several chats in a row failed: the platform is struggling (flood limit, network), give it a rest.
      if (streak >= PLATFORM_TROUBLE) this.pausedUntil.set(platform, now.getTime() + Math.min(delay, MAX_PLATFORM_PAUSE_MS));
    } else change = { status: 'failed', reason: outcome.reason, ...progress };
    if (outcome.status !== 'sent') this.o.log.warn({ chat: row.chat, job: row.job, outcome }, 'delivery not sent');
    this.o.ledger.stage(row, change, at);
  }

  private counts(job: Job): DeliveryCounts {
    return countRows(this.o.ledger.rowsOf(job.id));
  }

  private async finishJobs(now: Date): Promise<void> {
    const ids = new Set([...this.o.ledger.takeSettledJobs(), ...this.toFinish]);
    this.toFinish.clear();
    const finishable = (job: Job | undefined): job is Job =>
      !!job && (!job.doneAt || this.resending.has(job.id)) && job.status !== 'pending' && !this.o.ledger.unsettledOf(job.id);
    if (![...ids].some((id) => finishable(this.o.state.job(id)))) return;
    let finished: Job[];
    try {
      finished = await this.o.state.change(() => {
        const jobs = [...ids].map((id) => this.o.state.job(id)).filter(finishable);
        for (const job of jobs)
          Object.assign(job, {
            status: job.status === 'planned' ? 'done' : job.status,
            doneAt: job.doneAt ?? now.toISOString(),
            counts: this.counts(job),
          });
        return jobs;
      });
    } catch (err) {
      // Not on disk, so not done: the next pass tries again, and the reports wait for it.
      for (const id of ids) this.toFinish.add(id);
      throw err;
    }
    for (const job of finished) {
      const counts = job.counts!;
      const troubled = counts.failed + counts.removed + counts.unknown > 0;
      const rows = this.o.ledger.rowsOf(job.id).length;
      const resentAt = this.resending.get(job.id);
      this.resending.delete(job.id);
      // Admins asked for announcements, new events and re-sends; reminders and notices report only trouble.
      if (rows && (job.kind === 'announcement' || job.kind === 'event-new' || resentAt !== undefined || troubled)) {
        const took = now.getTime() - (resentAt ?? new Date(job.plannedAt ?? job.due).getTime());
        this.notify(
          job.owner,
          reportReply(job, jobName(job, this.o.state.subjectOf(job), this.o.locale), counts, took, this.o.locale, resentAt !== undefined),
        );
      }
    }
  }

  /** After a crash: each owner hears which of their deliveries may or may not have arrived. */
  private tellRecovered(): void {
    if (!this.recovered.length) return;
    const byOwner = new Map<string, Map<Job, number>>();
    for (const row of this.recovered) {
      const job = this.o.state.job(row.job);
      if (!job) continue;
      const jobs = byOwner.get(job.owner) ?? new Map<Job, number>();
      jobs.set(job, (jobs.get(job) ?? 0) + 1);
      byOwner.set(job.owner, jobs);
    }
    this.recovered = [];
    for (const [owner, jobs] of byOwner) {
      const t = TEXTS[this.o.locale];
      const lines = [...jobs].map(([job, n]) => t.unknownLine(jobName(job, this.o.state.subjectOf(job), this.o.locale), n));
      this.notify(owner, { title: t.unknownTitle, text: t.unknownText(lines.join('\n')) });
    }
  }

  private notify(owner: string, reply: Reply): void {
    const work = this.o.outbox
      .send(owner, reply)
      .then((outcome) => {
        if (outcome.status !== 'sent') this.o.log.warn({ owner, outcome }, 'report to admin not delivered');
      })
      .finally(() => this.inflight.delete(work));
    this.inflight.add(work);
  }
}
