import { z } from 'zod';
import type { BotContext } from './context.js';
import type { Locale } from './texts.js';

/** A text in both languages: a fixed string (`/help`), or one per locale. */
export type Localized = string | Record<Locale, string>;

export function localized(text: Localized, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}

/**
 * A command with its Chinese and English names. `args` parses the text after the command name; when it
 * fails the user gets the zod message and `usage`, both in the user's language: `args` may be built per locale,
 * so its messages come from the feature's texts.
 *
 * @example
 * defineCommand({ name: 'ask', aliases: ['问'], summary: { 'zh-CN': '提问', en: 'ask a question' },
 *   usage: { 'zh-CN': '/ask 问题', en: '/ask question' }, args: (l) => z.string().min(1, TEXTS[l].noQuestion),
 *   run: (ctx, q) => ctx.reply(q) })
 */
export interface Command<A = unknown> {
  name: string;
  aliases?: string[];
  summary: Record<Locale, string>;
  usage: Localized;
  /** Only bot admins may run it; others get a polite refusal and the attempt is logged. */
  admin?: boolean;
  /** Left out of /help (e.g. the command behind suggestion buttons). */
  hidden?: boolean;
  args: z.ZodType<A> | ((locale: Locale) => z.ZodType<A>);
  run(ctx: BotContext, args: A): unknown;
}

/** A command's argument schema in the user's language. */
export function argsFor<A>(command: Command<A>, locale: Locale): z.ZodType<A> {
  return typeof command.args === 'function' ? command.args(locale) : command.args;
}

/** The one way an admin-only action says no to a member: a polite reply, and the attempt in the log. */
export function refuseNonAdmin(ctx: BotContext, command: string): void {
  ctx.log.warn({ command }, 'admin command refused for a non-admin');
  ctx.reply(ctx.texts.notAdmin);
}

/**
 * In a group, only its owner or admins (or a bot admin) may change what the group gets; true when the sender may.
 * Otherwise says so, in the user's language, and logs it. `what` is the action, per locale.
 */
export async function mayManageGroup(ctx: BotContext, what: Record<Locale, string>): Promise<boolean> {
  if (ctx.message.chat.kind === 'private' || (await ctx.isGroupAdmin())) return true;
  ctx.log.info({ action: what.en }, 'group setting refused: not a group admin');
  ctx.reply(ctx.texts.notGroupAdmin(what[ctx.locale]));
  return false;
}

export function defineCommand<A>(command: Command<A>): Command<A> {
  return command;
}

/** Arguments for commands that take none: anything after the name is ignored. */
export const noArgs = z.string().transform(() => undefined);

export interface ParsedCommand {
  command: Command;
  rest: string;
}

export interface UnknownCommand {
  unknown: string;
}

/**
 * Finds the command a text starts with: `/name`, `/name@botname`, or a Chinese alias as the first word
 * (`帮助`, `问 抖店要啥证`). Slash commands that match nothing are reported as unknown; a plain word that is no
 * alias is just text.
 */
export class CommandTable {
  private readonly byName = new Map<string, Command>();
  readonly all: Command[] = [];

  add(command: Command): void {
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`command name "${name}" is registered twice`);
      this.byName.set(key, command);
    }
    this.all.push(command);
  }

  match(text: string): ParsedCommand | UnknownCommand | undefined {
    const slash = /^[/／]([^\s@]+)(?:@\S+)?(?:\s+([\s\S]*))?$/u.exec(text);
    if (slash) {
      const command = this.byName.get(slash[1]!.toLowerCase());
      return command ? { command, rest: (slash[2] ?? '').trim() } : { unknown: slash[1]! };
    }
    const word = /^(\S+)(?:\s+([\s\S]*))?$/u.exec(text);
    if (!word) return undefined;
    const command = this.byName.get(word[1]!.toLowerCase());
    // Plain words only count as commands by a non-ASCII alias, so "help me open a shop" stays a question.
    if (!command || /^[\x21-\x7e]+$/.test(word[1]!)) return undefined;
    return { command, rest: (word[2] ?? '').trim() };
  }
}
