import { z } from 'zod';
import { defineCommand, mayManageGroup } from '../core/commands.js';
import type { Feature } from '../core/feature.js';
import { userKey } from '../core/identity.js';
import type { ChatRef, Reply } from '../core/message.js';
import { defineTexts, inEveryLocale, type Locale } from '../core/texts.js';
import type { Store, StoredDocument, StoredDocumentSpec } from '../storage/store.js';

const WelcomeFileSchema = z.object({
  rooms: z.record(z.string(), z.object({ text: z.string(), by: z.string(), updated: z.string() })),
});

/** Where the welcomes are stored (exported for `store:copy`). */
export const WELCOME_DOCUMENT = {
  name: 'welcome.json',
  spec: { schema: WelcomeFileSchema, version: 1, defaults: () => ({ rooms: {} }) },
} satisfies StoredDocumentSpec<typeof WelcomeFileSchema>;

const TEXTS = defineTexts(
  {
    greeting: (names: string) =>
      `欢迎 ${names} 入群！开网店、营业执照、食品许可、物流等问题，可以 @我 或以“问”开头提问，发“帮助”查看用法。`,
    groupsOnly: '欢迎语只能在群里设置。',
    on: (text: string) => `已开启本群的新成员欢迎语：\n${text}`,
    off: '已关闭本群的新成员欢迎语。',
    statusOn: (text: string) => `本群的欢迎语已开启：\n${text}\n发送“欢迎语 关”关闭。`,
    statusOff: '本群没有开启欢迎语（默认关闭）。发送“欢迎语 开”开启，可在后面写上自己的欢迎词，{name} 代表新成员。',
    usage: '/welcome on [欢迎词] | /welcome off',
    action: '设置欢迎语',
    joiner: '、',
    lead: '，',
  },
  {
    greeting: (names: string) =>
      `Welcome, ${names}! Mention me or start with "?" to ask about online shops, licences or logistics; send /help for more.`,
    groupsOnly: 'The welcome can only be set in a group.',
    on: (text: string) => `New members of this group will be welcomed with:\n${text}`,
    off: 'The welcome for new members is off in this group.',
    statusOn: (text: string) => `The welcome is on in this group:\n${text}\nSend "/welcome off" to turn it off.`,
    statusOff:
      'The welcome is off in this group (the default). Send "/welcome on", optionally followed by your own text; {name} stands for the new members.',
    usage: '/welcome on [text] | /welcome off',
    action: 'set the welcome',
    joiner: ', ',
    lead: ', ',
  },
);

const NAME = '{name}';

/** Per-group welcome for new members, off until a group owner or bot admin turns it on. Kept in welcome.json. */
export class WelcomeBook {
  private constructor(private readonly db: StoredDocument<z.infer<typeof WelcomeFileSchema>>) {}

  static async open(store: Store): Promise<WelcomeBook> {
    return new WelcomeBook(await store.document(WELCOME_DOCUMENT.name, WELCOME_DOCUMENT.spec));
  }

  /** The welcome text of a chat (`{name}` for the newcomers), or undefined when it is off. */
  text(chatKey: string): string | undefined {
    return Object.hasOwn(this.db.data.rooms, chatKey) ? this.db.data.rooms[chatKey]!.text : undefined;
  }

  async set(chatKey: string, text: string | undefined, by: string, now: Date): Promise<void> {
    await this.db.change(({ rooms }) => {
      if (text === undefined) delete rooms[chatKey];
      else rooms[chatKey] = { text, by, updated: now.toISOString() };
    });
  }

  /** A chat got a new id (WeChat room after re-login): its welcome follows it. */
  async rekey(oldKey: string, newKey: string): Promise<void> {
    if (!Object.hasOwn(this.db.data.rooms, oldKey)) return;
    await this.db.change(({ rooms }) => {
      rooms[newKey] = rooms[oldKey]!;
      delete rooms[oldKey];
    });
  }

  /** What to say when `names` joined `chat`, or undefined when the chat has no welcome. */
  greet(chat: ChatRef, names: string[], locale: Locale): Reply | undefined {
    const text = this.text(userKey(chat.platform, chat.id));
    if (text === undefined || !names.length) return undefined;
    const t = TEXTS[locale];
    const joined = names.join(t.joiner);
    if (!text) return { text: t.greeting(joined) };
    return { text: text.includes(NAME) ? text.replaceAll(NAME, joined) : `${joined}${t.lead}${text}` };
  }
}

const WelcomeArgs = z.string().transform((raw) => {
  const [word = '', ...rest] = raw.split(/\s+/);
  const text = rest.join(' ').trim();
  if (/^(on|开|开启|打开)$/i.test(word)) return { mode: 'on' as const, text };
  if (/^(off|关|关闭)$/i.test(word)) return { mode: 'off' as const, text: '' };
  return { mode: 'show' as const, text: '' };
});

/** `/welcome on [text]`, `/welcome off` (欢迎语 开/关): a group owner or bot admin sets the group's welcome. */
export function welcomeFeature(book: WelcomeBook): Feature {
  return {
    name: 'welcome',
    commands: [
      defineCommand({
        name: 'welcome',
        aliases: ['欢迎语'],
        summary: { 'zh-CN': '群主设置新成员欢迎语：欢迎语 开 [欢迎词] / 欢迎语 关', en: 'group owner: /welcome on [text] or /welcome off' },
        usage: inEveryLocale(TEXTS, (t) => t.usage),
        args: WelcomeArgs,
        run: async (ctx, { mode, text }) => {
          const t = TEXTS[ctx.locale];
          if (ctx.message.chat.kind !== 'group') return ctx.reply(t.groupsOnly);
          const current = book.text(ctx.chatKey);
          if (mode === 'show') return ctx.reply(current === undefined ? t.statusOff : t.statusOn(current || t.greeting(NAME)));
          if (
            !(await mayManageGroup(
              ctx,
              inEveryLocale(TEXTS, (t) => t.action),
            ))
          )
            return;
          await book.set(ctx.chatKey, mode === 'on' ? text : undefined, ctx.userKey, ctx.now);
          ctx.reply(mode === 'on' ? t.on(text || t.greeting(NAME)) : t.off);
        },
      }),
    ],
  };
}
