import type { Logger } from './logger.js';
import { argsFor, CommandTable, localized, refuseNonAdmin, type ParsedCommand } from './commands.js';
import { compose, type Middleware } from './compose.js';
import type { BotContext, CoreSettings, Role, SenderChecks } from './context.js';
import { Conversations } from './conversations.js';
import type { Feature, HandlerStage } from './feature.js';
import { FloodGuard } from './flood-guard.js';
import { userKey } from './identity.js';
import { IncomingMessageSchema, type IncomingMessage, type IncomingMessageInput, type Reply } from './message.js';
import { afterTrigger } from './address.js';
import { sanitizeText } from './sanitize.js';
import { NotSavedError } from '../storage/errors.js';
import { localeFor, TEXTS } from './texts.js';

/** Longest typed text looked up as a quick-reply word (有用, 没用): anything longer is a message. */
const QUICK_WORD_MAX = 8;
const STAGE_ORDER: Record<HandlerStage, number> = { flow: 0, fallback: 1 };

export interface RuntimeOptions {
  settings: CoreSettings;
  /** `platform:id` keys of bot admins. */
  admins: ReadonlySet<string>;
  features: Feature[];
  log: Logger;
  now: () => Date;
  /** Longest a handler may take before the user gets an apology. */
  handlerTimeoutMs?: number;
  /** Called with each message that passed validation, before it is handled (the chat directory records its chat). */
  onValidMessage?: (message: IncomingMessage) => Promise<void>;
}

class HandlerTimeout extends Error {}

/**
 * The platform-neutral heart: takes one message from any adapter, runs it through the fixed pipeline
 * (the sender's role first, then numbered follow-ups, addressing, flood guard, commands, features) and returns
 * the replies.
 * Adapters decide how to show them. Errors stop here: one catch per message, an apology, the id in the log.
 */
export class Runtime {
  readonly commands = new CommandTable();
  readonly conversations = new Conversations();
  private readonly flood: FloodGuard;
  private readonly pipeline: Middleware<BotContext>;

  constructor(private readonly options: RuntimeOptions) {
    this.flood = new FloodGuard(options.settings.floodLimit);
    for (const feature of options.features) for (const command of feature.commands ?? []) this.commands.add(command);
    // Sorting is stable: within a stage, the features' order.
    const handlers = options.features
      .flatMap((f) => f.handlers ?? [])
      .sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage])
      .map((h) => h.run);
    this.pipeline = compose([
      (ctx, next) => this.pickSuggestion(ctx, next),
      (ctx, next) => this.address(ctx, next),
      (ctx, next) => this.guardFlood(ctx, next),
      (ctx, next) => this.runCommand(ctx, next),
      ...handlers,
    ]);
  }

  get features(): readonly Feature[] {
    return this.options.features;
  }

  /** Handles one message. Never throws: a failure is logged with the message id and answered with an apology. */
  async handle(input: IncomingMessageInput, checks?: SenderChecks): Promise<Reply[]> {
    try {
      return await this.process(input, checks);
    } catch (err) {
      // Past the handlers' own boundary (an adapter handed over something that is not even text): no reply.
      this.options.log.error({ err, update: (input as { id?: unknown } | undefined)?.id }, 'message not handled');
      return [];
    }
  }

  private async process(input: IncomingMessageInput, checks?: SenderChecks): Promise<Reply[]> {
    const parsed = IncomingMessageSchema.safeParse({ ...input, text: sanitizeText(input.text ?? '') });
    if (!parsed.success) {
      this.options.log.error({ update: input.id, issues: parsed.error.issues }, 'adapter handed over a malformed message');
      return [];
    }
    const message = parsed.data;
    await this.options
      .onValidMessage?.(message)
      .catch((err: unknown) => this.options.log.error({ err, update: message.id }, 'cannot record the chat'));
    if (!message.text) return [];
    const now = this.options.now();
    const user = userKey(message.chat.platform, message.sender.id);
    const chatKey = userKey(message.chat.platform, message.chat.id);
    const role: Role = this.options.admins.has(user) ? 'admin' : 'member';
    const locale = localeFor(message.sender.language, this.options.settings.locale);
    const log = this.options.log.child({ update: message.id, chat: chatKey, user });
    const replies: Reply[] = [];
    const ctx: BotContext = {
      message,
      userKey: user,
      chatKey,
      conversationKey: `${chatKey}:${message.sender.id}`,
      role,
      locale,
      texts: TEXTS[locale],
      settings: this.options.settings,
      conversations: this.conversations,
      log,
      now,
      text: message.text,
      addressed: message.chat.kind === 'private' || message.mentioned || message.replyToBot,
      replies,
      reply: (r) => replies.push(typeof r === 'string' ? { text: r } : r),
      isGroupAdmin: async () =>
        role === 'admin' || (message.chat.kind === 'group' && (await checks?.isGroupAdmin().catch(() => false)) === true),
    };
    try {
      await this.withTimeout(Promise.resolve(this.pipeline(ctx, async () => {})));
    } catch (err) {
      if (err instanceof NotSavedError) {
        log.error({ err }, 'change not saved');
        return [{ text: ctx.texts.notSaved, mentionSender: true }];
      }
      log.error({ err }, err instanceof HandlerTimeout ? 'handler timed out' : 'handler failed');
      return [{ text: ctx.texts.apology, mentionSender: true }];
    }
    // Numbers refer to the latest choices only: a reply without choices clears older ones. A flow the
    // handlers left open (a wizard waiting for its next answer) stays, with its own expiry.
    const offered = [...replies].reverse().find((r) => r.suggestions?.length || r.quickReplies?.length);
    const choices = { suggestions: offered?.suggestions, quickReplies: offered?.quickReplies };
    const open = this.conversations.get(ctx.conversationKey, now.getTime());
    if (open?.flow)
      this.conversations.set(ctx.conversationKey, { flow: open.flow, ...choices }, now.getTime(), open.expiresAt - now.getTime());
    else if (offered) this.conversations.set(ctx.conversationKey, choices, now.getTime());
    else if (replies.length) this.conversations.delete(ctx.conversationKey);
    if (message.chat.kind === 'group') for (const r of replies) r.mentionSender ??= true;
    return replies;
  }

  private async withTimeout(work: Promise<void>): Promise<void> {
    const ms = this.options.handlerTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandlerTimeout(`no reply within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  // "1", "2", "3" right after the bot offered choices picks one, and a quick-reply word (没用) answers the reply,
  // for the same person in the same chat. Then they are no question, and need no mention in a group.
  private async pickSuggestion(ctx: BotContext, next: () => Promise<void>): Promise<void> {
    const typed = ctx.text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]+/gu, '');
    const state = typed.length <= QUICK_WORD_MAX ? ctx.conversations.get(ctx.conversationKey, ctx.now.getTime()) : undefined;
    const picked = /^[1-9]$/.test(typed) ? state?.suggestions?.[Number(typed) - 1] : state?.quickReplies?.find((q) => q.word === typed);
    if (picked) {
      ctx.text = picked.action;
      ctx.addressed = true;
    }
    return next();
  }

  // In groups the bot speaks only when spoken to; a trigger prefix (问, ？) counts as being spoken to. A chat
  // already addressed (private) keeps its text whole, and 问 starting a word (问题解决了, 问候) is no trigger.
  private async address(ctx: BotContext, next: () => Promise<void>): Promise<void> {
    if (ctx.addressed || /^[/／]/.test(ctx.text)) return next();
    const rest = afterTrigger(ctx.text, this.options.settings.triggers);
    if (rest !== undefined) {
      ctx.text = rest;
      ctx.addressed = true;
    }
    return next();
  }

  // Counts only what is meant for the bot, so a chatty group member is never scolded for talking to people.
  // Admins (and the terminal operator) are exempt: they paste batches on purpose.
  private async guardFlood(ctx: BotContext, next: () => Promise<void>): Promise<void> {
    if (ctx.role === 'admin' || (!ctx.addressed && !this.commands.match(ctx.text))) return next();
    const verdict = this.flood.check(ctx.userKey, ctx.now.getTime());
    if (verdict === 'ok') return next();
    if (verdict === 'warn') {
      ctx.log.warn('flood guard: user slowed down');
      ctx.reply(ctx.texts.floodWarning);
    }
  }

  private async runCommand(ctx: BotContext, next: () => Promise<void>): Promise<void> {
    const match = this.commands.match(ctx.text);
    if (!match) return ctx.addressed ? next() : undefined;
    if ('unknown' in match) {
      // In a group, "/something" may be meant for another bot: stay quiet unless spoken to.
      if (ctx.addressed) ctx.reply(ctx.texts.unknownCommand(match.unknown));
      return;
    }
    await this.run(ctx, match);
  }

  private async run(ctx: BotContext, { command, rest }: ParsedCommand): Promise<void> {
    if (command.admin && ctx.role !== 'admin') {
      refuseNonAdmin(ctx, command.name);
      return;
    }
    const args = argsFor(command, ctx.locale).safeParse(rest);
    if (!args.success) {
      ctx.reply(ctx.texts.usage(localized(command.usage, ctx.locale), args.error.issues[0]?.message ?? ''));
      return;
    }
    ctx.addressed = true;
    await command.run(ctx, args.data);
  }
}
