import type { SendOutcome } from '../core/adapter.js';
import { splitKey, userKey } from '../core/identity.js';
import type { Logger } from '../core/logger.js';
import type { ChatRef, Reply } from '../core/message.js';
import type { Outbox } from '../core/outbox.js';
import type { Locale } from '../core/texts.js';
import { formatLocal } from '../core/time.js';
import { DataFileError } from '../storage/errors.js';
import type { StoredJournal } from '../storage/store.js';
import { HandoffLineSchema, type AnsweredLine, type AskedLine, type HandoffLine } from './schema.js';
import { TEXTS } from './texts.js';

/** One request for a person, as the console and the chat commands see it. */
export interface HandoffItem {
  id: number;
  /** When it was asked (ISO, UTC). */
  at: string;
  chat: ChatRef;
  /** `platform:chatId`, where the answer goes. */
  chatKey: string;
  asker: { key: string; name: string };
  question: string;
  locale: Locale;
  /** How long the merchant waited: until now while waiting, until the answer once answered. */
  waitedMs: number;
  /** The staff answer once given; with `question` it is the pair a suggestions feature can offer. */
  answer?: { text: string; by: string; at: string; delivery: AnsweredLine['delivery']; reason?: string };
}

/** How `answer` ended; the chat command and the console word it for the admin. */
export type AnswerOutcome =
  | { status: 'delivered'; item: HandoffItem }
  /** The chat removed or blocked the bot: the request is closed, since no later try can reach it. */
  | { status: 'gone'; item: HandoffItem; reason: string }
  /** Not sent for now (platform down, logged out): the request stays waiting. */
  | { status: 'not-delivered'; item: HandoffItem; reason: string }
  /** The answer left and no clear answer came back: it may have arrived; it counts as answered, not sent again. */
  | { status: 'uncertain'; item: HandoffItem; reason: string }
  | { status: 'already-answered'; item: HandoffItem }
  | { status: 'busy'; item: HandoffItem }
  | { status: 'unknown-id' }
  | { status: 'not-admin' }
  | { status: 'empty' };

/** Counts for the dashboard and the monthly report. */
export interface HandoffStats {
  asked: number;
  answered: number;
  waiting: number;
  /** Median time from the request to the delivered answer, of those answered; undefined when none were. */
  medianWaitMs: number | undefined;
}

export interface HandoffDeskOptions {
  journal: StoredJournal<HandoffLine>;
  outbox: Outbox;
  /** Pushes to every bot admin's private chat on the running platforms; resolves with each push's outcome. */
  notifyAdmins(reply: Reply): Promise<SendOutcome[]>;
  isAdmin(userKey: string): boolean;
  now: () => Date;
  log: Logger;
  /** The bot's language (BOT_LOCALE): admins' pushes are written in it. */
  locale: Locale;
  timezone: string;
}

export interface HandoffRequest {
  chat: ChatRef;
  asker: { key: string; name: string };
  question: string;
  locale: Locale;
}

/**
 * The staff desk for hand-offs: merchants' requests for a person, pushed to the admins, answered by chat command or
 * from the web console through the same `answer`. Kept in handoffs.jsonl (requests and answers, one line each),
 * replayed at start, so waiting requests survive a restart.
 *
 * @example
 * const desk = await HandoffDesk.open({ journal: store.journal('handoffs.jsonl', HandoffLineSchema), outbox, notifyAdmins, isAdmin, now, log, locale, timezone });
 * const outcome = await desk.answer(12, 'telegram:123', '可以，按个体户办理即可。');
 */
export class HandoffDesk {
  private readonly asked = new Map<number, AskedLine>();
  private readonly answered = new Map<number, AnsweredLine>();
  private readonly inFlight = new Set<number>();
  private readonly pushes = new Set<Promise<void>>();
  private lastId = 0;

  private constructor(private readonly options: HandoffDeskOptions) {}

  static async open(options: HandoffDeskOptions): Promise<HandoffDesk> {
    const desk = new HandoffDesk(options);
    await options.journal.each((line) => {
      if (line.type === 'asked') {
        desk.asked.set(line.id, line);
        desk.lastId = Math.max(desk.lastId, line.id);
      } else if (desk.asked.has(line.id)) desk.answered.set(line.id, line);
      else throw new DataFileError(options.journal.where, `an answer to #${line.id} comes before its request`);
    });
    return desk;
  }

  /** Records a request and pushes it to the admins (not awaited: a paced WeChat queue must not hold the merchant's reply). */
  async ask(request: HandoffRequest): Promise<HandoffItem> {
    // Taken before the write, so two requests at once never share an id (a failed write just skips one).
    const line: AskedLine = { type: 'asked', id: ++this.lastId, at: this.options.now().toISOString(), ...request };
    await this.append(line);
    this.asked.set(line.id, line);
    this.options.log.info(
      { handoff: line.id, chat: userKey(line.chat.platform, line.chat.id), asker: line.asker.key },
      'hand-off requested',
    );
    const push = this.notify(line).finally(() => this.pushes.delete(push));
    this.pushes.add(push);
    return this.item(line);
  }

  get(id: number): HandoffItem | undefined {
    const line = this.asked.get(id);
    return line && this.item(line);
  }

  /** Requests without an answer, oldest first. */
  waiting(): HandoffItem[] {
    return [...this.asked.values()].filter((l) => !this.answered.has(l.id)).map((l) => this.item(l));
  }

  /** The latest requests, answered or not, newest first. */
  recent(limit = 50): HandoffItem[] {
    return [...this.asked.values()]
      .slice(-limit)
      .reverse()
      .map((l) => this.item(l));
  }

  /** Answered pairs (question, staff answer), newest first: material for the knowledge base's suggestions. */
  pairs(limit = 50): { id: number; question: string; answer: string; at: string }[] {
    return [...this.answered.values()]
      .filter((a) => a.delivery === 'sent')
      .slice(-limit)
      .reverse()
      .map((a) => ({ id: a.id, question: this.asked.get(a.id)!.question, answer: a.text, at: a.at }));
  }

  /** Requests made since `since`: how many, how many answered, how many wait, and the median wait of the answered. */
  stats(since: Date): HandoffStats {
    const from = since.toISOString();
    const items = [...this.asked.values()].filter((l) => l.at >= from).map((l) => this.item(l));
    const waits = items
      .filter((i) => i.answer?.delivery === 'sent')
      .map((i) => i.waitedMs)
      .sort((a, b) => a - b);
    const mid = Math.floor(waits.length / 2);
    return {
      asked: items.length,
      answered: waits.length,
      waiting: items.filter((i) => !i.answer).length,
      medianWaitMs: waits.length ? (waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2) : undefined,
    };
  }

  /**
   * Sends an admin's answer to the merchant's chat (addressed to the asker in a group) and records it. The one path
   * for the /reply command and the console. Refuses non-admins (logged), unknown ids, empty text, and a second answer.
   */
  async answer(id: number, adminKey: string, text: string): Promise<AnswerOutcome> {
    const { log, outbox, now } = this.options;
    if (!this.options.isAdmin(adminKey)) {
      log.warn({ handoff: id, by: adminKey }, 'hand-off answer refused: not a bot admin');
      return { status: 'not-admin' };
    }
    const asked = this.asked.get(id);
    if (!asked) return { status: 'unknown-id' };
    if (this.answered.has(id)) return { status: 'already-answered', item: this.item(asked) };
    if (this.inFlight.has(id)) return { status: 'busy', item: this.item(asked) };
    const answer = text.trim();
    if (!answer) return { status: 'empty' };
    this.inFlight.add(id);
    try {
      const t = TEXTS[asked.locale];
      const group = asked.chat.kind === 'group';
      const reply: Reply = {
        title: t.answerTitle,
        text: t.answerText(asked.question, answer),
        ...(group ? { mentionSender: true, mention: { id: splitKey(asked.asker.key).id, name: asked.asker.name } } : {}),
      };
      const outcome = await outbox.send(userKey(asked.chat.platform, asked.chat.id), reply);
      log.info({ handoff: id, by: adminKey, outcome }, 'hand-off answered');
      if (outcome.status === 'failed' || outcome.status === 'skipped')
        return { status: 'not-delivered', item: this.item(asked), reason: outcome.reason };
      const line: AnsweredLine = {
        type: 'answered',
        id,
        at: now().toISOString(),
        by: adminKey,
        text: answer,
        delivery: outcome.status,
        ...(outcome.status === 'sent' ? {} : { reason: outcome.reason }),
      };
      await this.append(line);
      this.answered.set(id, line);
      if (outcome.status === 'sent') return { status: 'delivered', item: this.item(asked) };
      return { status: outcome.status === 'gone' ? 'gone' : 'uncertain', item: this.item(asked), reason: outcome.reason };
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Waits for the admin pushes still going out (tests, a clean stop). */
  async idle(): Promise<void> {
    while (this.pushes.size) await Promise.all(this.pushes);
  }

  private async notify(line: AskedLine): Promise<void> {
    const { locale, timezone, log } = this.options;
    const t = TEXTS[locale];
    // No button: a push opens no conversation, so a numbered choice typed on WeChat would find nothing. Admins
    // answer by replying to (quoting) the push, or with /reply.
    const reply: Reply = {
      title: t.pushTitle(line.id),
      text: t.pushText(line.id, t.where(line.chat), line.asker.name, line.asker.key, formatLocal(line.at, timezone), line.question),
    };
    try {
      const outcomes = await this.options.notifyAdmins(reply);
      if (!outcomes.some((o) => o.status === 'sent'))
        log.error(
          { handoff: line.id, outcomes },
          'hand-off reached no admin: check BOT_ADMINS and that admins have a private chat with the bot',
        );
    } catch (err) {
      log.error({ err, handoff: line.id }, 'cannot push a hand-off to the admins');
    }
  }

  // Checked before writing, as documents are: a line the next start would refuse must not reach the file.
  private append(line: HandoffLine): Promise<void> {
    return this.options.journal.append([HandoffLineSchema.parse(line)], { sync: true });
  }

  private item(line: AskedLine): HandoffItem {
    const answered = this.answered.get(line.id);
    const end = answered ? new Date(answered.at) : this.options.now();
    return {
      id: line.id,
      at: line.at,
      chat: line.chat,
      chatKey: userKey(line.chat.platform, line.chat.id),
      asker: line.asker,
      question: line.question,
      locale: line.locale,
      waitedMs: Math.max(0, end.getTime() - new Date(line.at).getTime()),
      ...(answered
        ? {
            answer: {
              text: answered.text,
              by: answered.by,
              at: answered.at,
              delivery: answered.delivery,
              ...(answered.reason ? { reason: answered.reason } : {}),
            },
          }
        : {}),
    };
  }
}
