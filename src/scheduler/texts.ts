import { defineTexts } from '../core/texts.js';
import type { CalendarEvent, SubscriptionTopic } from './schemas.js';

type Kind = CalendarEvent['kind'];

/**
 * The scheduler's fixed texts: what members read (/events, /subscribe, the notices and reminders pushed to them)
 * and the delivery reports. Topic words are stored in Chinese (培训, 展会, 政策): `topic` names them per locale.
 */
export const TEXTS = defineTexts(
  {
    kind: (kind: Kind) => ({ training: '培训', exhibition: '展会', forum: '论坛', other: '活动' })[kind],
    topic: (topic: SubscriptionTopic): string => topic,
    list: (items: readonly string[]) => items.join('、'),
    eventTime: (date: string, weekday: number, clock: string) => `${date}（周${'日一二三四五六'[weekday]}）${clock}`,
    range: (start: string, end: string) => `${start} 至 ${end}`,
    time: (when: string) => `时间：${when}`,
    place: (place: string) => `地点：${place}`,
    online: (link: string) => `线上：${link}`,
    onlineShort: '线上',
    register: (how: string) => `报名：${how}`,
    registerByReply: (id: string) => `报名：回复“报名 ${id}”`,
    regions: (regions: string) => `地区：${regions}`,
    title: (kind: string, title: string) => `${kind}｜${title}`,
    notice: '通知',
    newEvent: (title: string) => `新活动：${title}`,
    newEventFooter: (id: string) => `活动编号 ${id}，发送“/event ${id}”查看详情。`,
    reminder: (span: string) => `活动提醒：还有${span}开始`,
    changed: (title: string) => `活动变更：${title}`,
    changedText: (fields: string, details: string) => `${fields || '安排'}有变化，以下是最新安排：\n${details}`,
    cancelled: (title: string) => `活动取消：${title}`,
    cancelledText: (when: string, title: string) => `原定 ${when} 的“${title}”已取消，给您带来不便，敬请谅解。`,
    span: (days: number, hours: number, minutes: number, seconds: number) =>
      days
        ? `${days}天${hours ? `${hours}小时` : ''}`
        : hours
          ? `${hours}小时${minutes ? `${minutes}分钟` : ''}`
          : minutes
            ? `${minutes}分钟`
            : `${seconds}秒`,
    allTopics: '全部主题',
    allRegions: '全部地区',
    subscribed: (what: string) => `已订阅：${what}。\n新活动、活动提醒和通知会发到这里。退订请发 /unsubscribe（退订）。`,
    nothingToUnsubscribe: '这里没有订阅，无需退订。',
    unsubscribed: '已退订，不会再收到活动和通知。想再订阅请发 /subscribe（订阅）。',
    mySubscription: (what: string) => `本聊天订阅了：${what}。\n修改请重新发 /subscribe，退订发 /unsubscribe。`,
    noSubscription: '本聊天还没有订阅。发 /subscribe 培训（或 展会、政策、全部）即可订阅，可加地区，例如：/subscribe 培训 临安',
    manageAction: '为本群订阅或退订',
    subscribeUsage: '/subscribe [培训|展会|政策|全部] [地区…]，例如：/subscribe 培训 临安',
    upcoming: '近期活动',
    noUpcoming: '近期没有安排活动。',
    eventsFooter: '发“报名 编号”登记报名意向；订阅新活动提醒：/subscribe 培训（或 展会、政策）',
    calendar: (url: string) => `日历订阅（手机日历可添加）：${url}`,
    eventsUsage: '/events（“活动 3”看 3 号活动）',
    eventUsage: '/event 编号（管理员：/event add|edit|cancel …）',
    signupUsage: '报名 活动编号，例如：报名 3',
    isCancelled: '（此活动已取消）',
    noSuchEvent: (id: string) => `没有编号为 ${id} 的活动。发 /events 查看近期活动。`,
    whichEvent: '请写上活动编号，例如：/event 3',
    signupClosed: (id: string, cancelled: boolean) => `活动 #${id} 已${cancelled ? '取消' : '结束'}，不能报名了。`,
    signupHow: (how: string) => `\n正式报名请按主办方要求：${how}`,
    alreadySignedUp: (id: string, title: string, extra: string) => `您已经登记过 #${id} ${title} 的报名意向。${extra}`,
    signedUp: (id: string, title: string, when: string, extra: string) => `已登记您对 #${id} ${title} 的报名意向（${when}）。${extra}`,
    reportTitle: '发送报告',
    counts: (c: { sent: number; failed: number; removed: number; unknown: number; skipped: number }) =>
      `成功 ${c.sent} · 失败 ${c.failed} · 已移除 ${c.removed} · 未知 ${c.unknown} · 跳过 ${c.skipped}`,
    reportTotal: (name: string, chats: number, took: string) => `${name}\n共 ${chats} 个聊天，用时 ${took}`,
    removedNote: '已移除：机器人被移出或被拉黑的聊天，已停止向它们发送。',
    unknownNote: (job: string) =>
      `未知：发送途中机器人停止或网络中断，无法确认是否送达；为避免重复，不会自动重发（/deliveries 可查看是哪些聊天，/resend ${job} 可预览后重发给它们）。`,
    resentTitle: '重发报告',
    failedNote: '失败：多次重试后仍未发出。',
    job: (kind: 'announcement' | 'event-new' | 'reminder' | 'event-update' | 'event-cancel') =>
      ({
        announcement: '通知',
        'event-new': '新活动通知',
        reminder: '活动提醒',
        'event-update': '活动变更通知',
        'event-cancel': '活动取消通知',
      })[kind],
    quoted: (text: string) => `“${text}”`,
    unknownTitle: '发送状态未知',
    unknownLine: (name: string, n: number) => `· ${name}：${n} 个聊天`,
    unknownText: (lines: string) =>
      `机器人上次在发送途中停止，以下消息无法确认是否送达。为避免重复，不会自动重发：\n${lines}\n发送 /deliveries 查看是哪些聊天。`,
  },
  {
    kind: (kind: Kind) => ({ training: 'Training', exhibition: 'Exhibition', forum: 'Forum', other: 'Event' })[kind],
    topic: (topic: SubscriptionTopic) => ({ 培训: 'trainings', 展会: 'exhibitions', 政策: 'policy' })[topic],
    list: (items: readonly string[]) => items.join(', '),
    eventTime: (date: string, weekday: number, clock: string) =>
      `${date} (${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday]}) ${clock}`,
    range: (start: string, end: string) => `${start} to ${end}`,
    time: (when: string) => `Time: ${when}`,
    place: (place: string) => `Place: ${place}`,
    online: (link: string) => `Online: ${link}`,
    onlineShort: 'online',
    register: (how: string) => `Registration: ${how}`,
    registerByReply: (id: string) => `Registration: reply "/signup ${id}"`,
    regions: (regions: string) => `Regions: ${regions}`,
    title: (kind: string, title: string) => `${kind} | ${title}`,
    notice: 'Notice',
    newEvent: (title: string) => `New event: ${title}`,
    newEventFooter: (id: string) => `Event number ${id}; send "/event ${id}" for details.`,
    reminder: (span: string) => `Event reminder: starts in ${span}`,
    changed: (title: string) => `Event changed: ${title}`,
    changedText: (fields: string, details: string) => `${fields || 'The arrangements'} changed. The latest:\n${details}`,
    cancelled: (title: string) => `Event cancelled: ${title}`,
    cancelledText: (when: string, title: string) => `"${title}", planned for ${when}, is cancelled. Sorry for the inconvenience.`,
    span: (days: number, hours: number, minutes: number, seconds: number) =>
      days
        ? `${days} d${hours ? ` ${hours} h` : ''}`
        : hours
          ? `${hours} h${minutes ? ` ${minutes} min` : ''}`
          : minutes
            ? `${minutes} min`
            : `${seconds} s`,
    allTopics: 'all topics',
    allRegions: 'all regions',
    subscribed: (what: string) => `Subscribed: ${what}.\nNew events, reminders and notices will come here. To stop, send /unsubscribe.`,
    nothingToUnsubscribe: 'There is no subscription here.',
    unsubscribed: 'Unsubscribed: no more events and notices here. To subscribe again, send /subscribe.',
    mySubscription: (what: string) => `This chat is subscribed to: ${what}.\nTo change it send /subscribe again; to stop, /unsubscribe.`,
    noSubscription:
      "This chat has no subscription. Send /subscribe training (or exhibition, policy, all), optionally with regions, e.g. /subscribe training Lin'an",
    manageAction: 'subscribe or unsubscribe this group',
    subscribeUsage: '/subscribe [training|exhibition|policy|all] [regions…], e.g. /subscribe training',
    upcoming: 'Upcoming events',
    noUpcoming: 'No events are planned for now.',
    eventsFooter: 'Send "/signup <number>" to register interest; get new events: /subscribe training (or exhibition, policy)',
    calendar: (url: string) => `Calendar feed (add it to your phone's calendar): ${url}`,
    eventsUsage: '/events ("/event 3" shows event 3)',
    eventUsage: '/event <number> (admins: /event add|edit|cancel …)',
    signupUsage: '/signup <event number>, e.g. /signup 3',
    isCancelled: '(This event is cancelled.)',
    noSuchEvent: (id: string) => `There is no event number ${id}. Send /events for the upcoming ones.`,
    whichEvent: 'Give the event number, e.g. /event 3',
    signupClosed: (id: string, cancelled: boolean) => `Event #${id} is ${cancelled ? 'cancelled' : 'over'}; registration is closed.`,
    signupHow: (how: string) => `\nTo register formally, follow the organiser: ${how}`,
    alreadySignedUp: (id: string, title: string, extra: string) => `You already registered interest in #${id} ${title}.${extra}`,
    signedUp: (id: string, title: string, when: string, extra: string) => `Registered your interest in #${id} ${title} (${when}).${extra}`,
    reportTitle: 'Delivery report',
    counts: (c: { sent: number; failed: number; removed: number; unknown: number; skipped: number }) =>
      `sent ${c.sent} · failed ${c.failed} · removed ${c.removed} · unknown ${c.unknown} · skipped ${c.skipped}`,
    reportTotal: (name: string, chats: number, took: string) => `${name}\n${chats} chats in ${took}`,
    removedNote: 'removed: chats that removed or blocked the bot; nothing more is sent there.',
    unknownNote: (job: string) =>
      `unknown: the bot stopped or the network broke while sending, so delivery cannot be confirmed; to avoid duplicates they are not re-sent (/deliveries names the chats, /resend ${job} previews sending to them again).`,
    resentTitle: 'Re-send report',
    failedNote: 'failed: not sent after repeated retries.',
    job: (kind: 'announcement' | 'event-new' | 'reminder' | 'event-update' | 'event-cancel') =>
      ({
        announcement: 'Notice',
        'event-new': 'New event notice',
        reminder: 'Event reminder',
        'event-update': 'Event change notice',
        'event-cancel': 'Event cancellation notice',
      })[kind],
    quoted: (text: string) => ` "${text}"`,
    unknownTitle: 'Delivery status unknown',
    unknownLine: (name: string, n: number) => `· ${name}: ${n} chats`,
    unknownText: (lines: string) =>
      `The bot stopped while sending last time; these messages cannot be confirmed as delivered. To avoid duplicates they are not re-sent:\n${lines}\nSend /deliveries to see which chats.`,
  },
);

// The field names of the event form (event-form.ts) as job.changes stores them, for English change notices.
const FIELD_NAMES_EN = new Map(
  Object.entries({
    时间: 'time',
    标题: 'title',
    类型: 'kind',
    地点: 'place',
    链接: 'link',
    报名: 'registration',
    地区: 'regions',
    说明: 'description',
    主题: 'topic',
  }),
);

/** Changed fields as a reader of `locale` names them. */
export function fieldNames(fields: readonly string[], locale: 'zh-CN' | 'en'): string {
  return TEXTS[locale].list(locale === 'en' ? fields.map((f) => FIELD_NAMES_EN.get(f) ?? f) : fields);
}
