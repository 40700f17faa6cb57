import type { Command } from './commands.js';
import { defineCommand, noArgs, type CommandTable } from './commands.js';
import type { BotContext } from './context.js';
import type { Feature } from './feature.js';

function commandLine(command: Command, ctx: BotContext): string {
  // The aliases are Chinese words to type; an English reader is shown the slash names only.
  const names = [`/${command.name}`, ...(ctx.locale === 'zh-CN' ? (command.aliases ?? []) : [])].join(' ');
  return `${names} — ${command.summary[ctx.locale]}`;
}

function helpText(ctx: BotContext, table: CommandTable): string {
  const visible = table.all.filter((c) => !c.hidden);
  const lines = [ctx.texts.helpIntro, '', ctx.texts.helpCommands, ...visible.filter((c) => !c.admin).map((c) => commandLine(c, ctx))];
  if (ctx.role === 'admin') lines.push('', ctx.texts.adminCommands, ...visible.filter((c) => c.admin).map((c) => commandLine(c, ctx)));
  return lines.join('\n');
}

/** /help, /start and /whoami: what every platform needs before any feature. */
export function basicCommands(table: () => CommandTable): Feature {
  const help = (ctx: BotContext) => ctx.reply({ title: ctx.texts.helpTitle, text: helpText(ctx, table()) });
  return {
    name: 'basics',
    commands: [
      defineCommand({
        name: 'help',
        aliases: ['帮助', '菜单'],
        summary: { 'zh-CN': '查看命令和用法', en: 'list the commands' },
        usage: '/help',
        args: noArgs,
        run: help,
      }),
      defineCommand({
        name: 'start',
        aliases: ['开始'],
        summary: { 'zh-CN': '机器人介绍', en: 'what this bot does' },
        usage: '/start',
        args: noArgs,
        hidden: true,
        run: help,
      }),
      defineCommand({
        name: 'whoami',
        aliases: ['我是谁'],
        summary: { 'zh-CN': '查看自己的账号标识（platform:id）', en: 'show your platform:id' },
        usage: '/whoami',
        args: noArgs,
        run: (ctx) => ctx.reply(ctx.texts.whoami(ctx.userKey, ctx.role === 'admin' ? ctx.texts.roleAdmin : ctx.texts.roleMember)),
      }),
    ],
  };
}
