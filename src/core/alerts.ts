import { defineTexts } from './texts.js';

/**
 * What an adapter can tell the bot admins, as intents with parameters (AdapterHost.alert): the words are the
 * core's, in BOT_LOCALE, so adapters hold no texts and a new adapter reuses these. `platform` is the adapter's
 * label; `time` shows an instant in BOT_TIMEZONE.
 */
export const ALERTS = defineTexts(
  {
    rateLimited: (p: { platform: string; seconds: number; count: number; setting: string }) =>
      `${p.platform} 限流：要求等待 ${p.seconds} 秒，超过上限（${p.setting}），${p.count} 条消息未发送。之后的消息会照常发送。`,
    unreachable: (p: { platform: string; error: string; setting: string }) =>
      `${p.platform} 连接失败：${p.error}。请检查 ${p.setting}、网络，以及是否有另一个实例在运行；机器人会继续重试。`,
    dailyCapReached: (p: { platform: string; cap: number; setting: string }) =>
      `${p.platform}机器人今天已发送 ${p.cap} 条消息，达到每日上限（${p.setting}），今天不再发送。`,
    throttled: (p: { platform: string; reason: string; until: Date }, time: (at: Date) => string) =>
      `${p.platform}提示发送过于频繁（${p.reason}）。机器人暂停发送到 ${time(p.until)}，之后自动恢复。`,
    loggedOut: (p: { platform: string; account: string; reason?: string }) =>
      `${p.platform}账号「${p.account}」已退出登录${p.reason ? `（${p.reason}）` : ''}。请在服务器终端重新扫码登录；在此期间其他平台照常工作。`,
  },
  {
    rateLimited: (p: { platform: string; seconds: number; count: number; setting: string }) =>
      `${p.platform} rate limit: asked to wait ${p.seconds} s, longer than the ceiling (${p.setting}); ${p.count} messages were not sent. Later messages go out as usual.`,
    unreachable: (p: { platform: string; error: string; setting: string }) =>
      `${p.platform} connection failed: ${p.error}. Check ${p.setting}, the network, and whether another instance is running; the bot keeps retrying.`,
    dailyCapReached: (p: { platform: string; cap: number; setting: string }) =>
      `The ${p.platform} account sent ${p.cap} messages today, its daily cap (${p.setting}); nothing more is sent today.`,
    throttled: (p: { platform: string; reason: string; until: Date }, time: (at: Date) => string) =>
      `${p.platform} says the account sends too often (${p.reason}). Sending pauses until ${time(p.until)} and then resumes by itself.`,
    loggedOut: (p: { platform: string; account: string; reason?: string }) =>
      `The ${p.platform} account "${p.account}" was logged out${p.reason ? ` (${p.reason})` : ''}. Scan the QR code again on the server; the other platforms keep working meanwhile.`,
  },
);

type AlertTexts = (typeof ALERTS)['zh-CN'];
export type AlertKey = keyof AlertTexts;
/** The parameters an alert takes from the adapter (the host adds the platform's label). */
export type AlertParams<K extends AlertKey> = Omit<Parameters<AlertTexts[K]>[0], 'platform'>;
