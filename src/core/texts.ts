/** The languages of fixed texts (BOT_LOCALE). */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type TextValue = string | ((...args: never[]) => string) | { readonly [key: string]: TextValue };
type TextTable = Record<string, TextValue>;

/**
 * The one way a feature holds its fixed texts: the Chinese table gives the keys and their types, and the English
 * one must have every key with the same type (a missing or misspelt key is a type error). Pick with `[ctx.locale]`.
 *
 * @example
 * const TEXTS = defineTexts({ off: '已关闭。', on: (n: number) => `已开启 ${n} 个。` }, { off: 'Off.', on: (n: number) => `${n} on.` });
 * ctx.reply(TEXTS[ctx.locale].on(3));
 */
export function defineTexts<T extends TextTable>(zh: T, en: { [K in keyof T]: T[K] }): Record<Locale, T> {
  return { 'zh-CN': zh, en };
}

/** One text of a table in every locale, for what is declared once for all users (a command's usage, /help's summary). */
export function inEveryLocale<T>(table: Record<Locale, T>, pick: (texts: T) => string): Record<Locale, string> {
  return { 'zh-CN': pick(table['zh-CN']), en: pick(table.en) };
}

/** Fixed phrases of the core, per locale. Knowledge answers come from knowledge/, not from here. */
export const TEXTS = defineTexts(
  {
    floodWarning: '您发消息太快了，请稍等一分钟再问，我会继续为您解答。',
    apology: '抱歉，处理您的消息时出了点问题，请稍后再试。',
    notSaved: '抱歉，这次的更改没有保存（服务器写入数据失败，可能是磁盘已满），一切保持原样。请稍后再试，或告诉管理员。',
    notAdmin: '抱歉，这个命令只有机器人管理员可以使用。如需帮助，请联系县电商服务中心。',
    // Who counts is the platform's answer (BotContext.isGroupAdmin): WeChat shows the owner only, Telegram its admins too.
    notGroupAdmin: (what: string) => `只有群主（Telegram 群也包括群管理员）或机器人管理员可以${what}。`,
    unknownCommand: (name: string) => `没有“${name}”这个命令。发送 /help 或“帮助”查看可用命令。`,
    usage: (usage: string, problem: string) => `${problem}\n用法：${usage}`,
    noKnowledge: '知识库还没有加载，暂时无法回答问题。请管理员检查知识库文件（日志里有具体错误）。',
    helpTitle: '我能帮您做什么',
    helpIntro:
      '我是县域电商助手：开网店、营业执照、食品许可、广告用语、退换货、税务、物流、品牌和扶持政策，都可以问我。私聊直接发问题；在群里请 @我，或以“问”开头，或用 /ask 问题。',
    helpCommands: '命令：',
    adminCommands: '管理员命令：',
    whoami: (key: string, role: string) => `您的账号标识是 ${key}（${role}）。\n管理员可以把它写进 BOT_ADMINS 设置。`,
    roleAdmin: '机器人管理员',
    roleMember: '普通成员',
    expired: '这个选项已经过期了，请重新提问。',
    partLost: '（上面的回答没有发完：后面的部分发送失败。请稍后再问一次。）',
    // For adapters: the same words on every platform that needs them.
    textOnly: '我暂时只能看懂文字消息。请把问题用文字发给我，例如：卖自家橘子要办营业执照吗？',
    pickNumber: '回复数字即可查看：',
    terminalBanner: '县域电商助手 · 输入问题，/help 查看命令，Ctrl-D 退出',
  },
  {
    floodWarning: 'You are sending messages very fast. Please wait a minute; I will keep answering after that.',
    apology: 'Sorry, something went wrong while handling your message. Please try again later.',
    notSaved:
      'Sorry, this change was not saved (the server could not write its data; the disk may be full), so nothing changed. Please try again later, or tell an admin.',
    notAdmin: 'Sorry, only bot admins can use this command. Please contact the county e-commerce service centre for help.',
    notGroupAdmin: (what: string) => `Only the group owner (and on Telegram the group's admins) or a bot admin can ${what}.`,
    unknownCommand: (name: string) => `There is no command "${name}". Send /help to see the commands.`,
    usage: (usage: string, problem: string) => `${problem}\nUsage: ${usage}`,
    noKnowledge: 'The knowledge base is not loaded yet, so I cannot answer questions. Admins: the log names the broken file.',
    helpTitle: 'What I can do',
    helpIntro:
      'I am the county e-commerce assistant: opening online shops, business licences, food licences, advertising words, returns, tax, logistics, branding and support policies. In a private chat just type your question; in a group mention me, start with "?", or use /ask.',
    helpCommands: 'Commands:',
    adminCommands: 'Admin commands:',
    whoami: (key: string, role: string) => `Your id is ${key} (${role}).\nAn operator can put it in BOT_ADMINS.`,
    roleAdmin: 'bot admin',
    roleMember: 'member',
    expired: 'That choice has expired. Please ask again.',
    partLost: '(The answer above is incomplete: the rest could not be sent. Please ask again in a moment.)',
    textOnly: 'I can only read text messages for now. Please type your question.',
    pickNumber: 'Reply with a number:',
    terminalBanner: 'County e-commerce assistant · type a question, /help for the commands, Ctrl-D to quit',
  },
);

export type Texts = (typeof TEXTS)[Locale];

/**
 * The language to answer a user in: the platform's language code when it is one we speak (en… → en, zh… → zh-CN),
 * otherwise the bot's own (BOT_LOCALE).
 */
export function localeFor(language: string | undefined, fallback: Locale): Locale {
  const code = language?.toLowerCase() ?? '';
  if (code.startsWith('en')) return 'en';
  if (code.startsWith('zh')) return 'zh-CN';
  return fallback;
}
