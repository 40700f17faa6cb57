import { defineCommand, noArgs } from '../core/commands.js';
import type { Feature } from '../core/feature.js';
import { defineTexts } from '../core/texts.js';
import type { ConsoleAccess } from '../http/console/login-links.js';

const TEXTS = defineTexts(
  {
    off: '管理后台没有开启：请在设置里配置 BOT_HTTP_PORT（外网访问还要配置 BOT_PUBLIC_URL），重启后再发 /console。',
    privateOnly: '登录链接只在私聊里发。请私聊我发送 /console。',
    link: (url: string) => `管理后台登录链接（10分钟内有效，只能用一次，请勿转发）：\n${url}`,
  },
  {
    off: 'The console is off: set BOT_HTTP_PORT (and BOT_PUBLIC_URL for access from outside), restart, then send /console again.',
    privateOnly: 'Login links are sent in private chats only. Send me /console privately.',
    link: (url: string) => `Console login link (valid 10 minutes, once; do not forward):\n${url}`,
  },
);

/**
 * /console (后台): a bot admin gets a one-time login link for the web console, bound to their platform:id. Only
 * in a private chat (a link in a group could be used by anyone who reads it first).
 */
export function consoleCommandFeature(access: ConsoleAccess, baseUrl: () => string | undefined): Feature {
  return {
    name: 'console-login',
    commands: [
      defineCommand({
        name: 'console',
        aliases: ['后台', '管理后台'],
        summary: { 'zh-CN': '获取网页管理后台的登录链接（私聊）', en: 'get a login link for the web console (private chat)' },
        usage: '/console',
        admin: true,
        args: noArgs,
        run: (ctx) => {
          const texts = TEXTS[ctx.locale];
          const base = baseUrl();
          if (!base) return ctx.reply(texts.off);
          if (ctx.message.chat.kind !== 'private') return ctx.reply(texts.privateOnly);
          ctx.reply(texts.link(`${base.replace(/\/+$/, '')}/console/login?t=${access.issue(ctx.userKey)}`));
        },
      }),
    ],
  };
}
