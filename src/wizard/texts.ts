import { defineTexts } from '../core/texts.js';

const NUMERALS = '一二三四五六七八九十';

/** The shop wizard's fixed texts; its questions, options and checklist items come from knowledge/kaidian.yaml. */
export const TEXTS = defineTexts(
  {
    cancelled: '已退出开店向导。想重新开始，发送 /kaidian 或“开店向导”。',
    left: '（开店向导已退出，想接着选请重新发送 /kaidian。）',
    unavailable: '开店向导暂时用不了：规则文件有问题，已记在日志里，请管理员检查 knowledge/kaidian.yaml。',
    unclear: (words: string) => `没看懂“${words}”。`,
    usage: '/kaidian（也可以一次写全：/kaidian 自产农产品 个人 淘宝 抖店）',
    pickOne: '回复数字选一项，发送“取消”退出。',
    pickMany: '可以多选：一项项点，选好点“完成”；也可以一次回复几个数字，如“1 3”。发送“取消”退出。',
    done: (n: number) => `完成，生成清单（已选 ${n} 个）`,
    noPlatformYet: '平台还没定，直接看清单',
    step: (n: number, of: number) => `开店向导（第${n}步，共${of}步）`,
    section: (i: number, title: string) => `${NUMERALS[i] ?? i + 1}、${title}`,
    item: (n: number, title: string, why: string, where: string) => `${n}. ${title}\n为什么：${why}\n怎么办：${where}`,
    list: (names: string[]) => names.join('、'),
    platformsOpen: '平台未定',
    checklistTitle: (goods: string, identity: string, platforms: string) => `开店清单：${goods} · ${identity} · ${platforms}`,
    reviewed: (disclaimer: string, date: string) => `${disclaimer}（核对于 ${date}）`,
  },
  {
    cancelled: 'The shop wizard is closed. To start again, send /kaidian.',
    left: '(The shop wizard is closed; send /kaidian to choose again.)',
    unavailable: 'The shop wizard is unavailable for now: its rules file is broken (see the log). Admins: check knowledge/kaidian.yaml.',
    unclear: (words: string) => `I did not understand "${words}".`,
    usage: '/kaidian (or all at once, e.g. /kaidian farm self tb dy)',
    pickOne: 'Reply with a number to choose; send "cancel" to quit.',
    pickMany: 'Choose several: tap them one by one, then "done"; or reply with several numbers, e.g. "1 3". Send "cancel" to quit.',
    done: (n: number) => `Done: show the checklist (${n} chosen)`,
    noPlatformYet: 'No platform yet: show the checklist',
    step: (n: number, of: number) => `Shop wizard (step ${n} of ${of})`,
    section: (i: number, title: string) => `${i + 1}. ${title}`,
    item: (n: number, title: string, why: string, where: string) => `${n}. ${title}\nWhy: ${why}\nWhere: ${where}`,
    list: (names: string[]) => names.join(', '),
    platformsOpen: 'platforms open',
    checklistTitle: (goods: string, identity: string, platforms: string) => `Shop checklist: ${goods} · ${identity} · ${platforms}`,
    reviewed: (disclaimer: string, date: string) => `${disclaimer} (checked ${date})`,
  },
);
