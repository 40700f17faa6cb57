/**
 * Words that carry no topic: function words, question particles, politeness and chat filler. They are
 * dropped from both the index and the questions, and do not count toward the share of the question a
 * match must cover (so "老铁请问一下" does not dilute "抖店要啥证"). Question words that tell answers apart
 * (多久, 多少钱, 哪里) are deliberately not here, and neither are 你/您: a merchant addressing the bot (你能干啥,
 * 你答错了找谁) is asking about the bot, and the bot's own entries are phrased that way.
 */
import { ENGLISH_STOPWORDS } from './natural.js';

const CHINESE = `
的 地 得 了 着 过 吗 嘛 么 呢 吧 啊 呀 哇 哦 噢 喔 哈 嗯 呗 啦 咯 哟 嘞 哎 唉 诶 欸 呐
我 我们 咱 咱们 俺 你们 他 她 它 他们 她们 它们 自己 人家 大家
这 那 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 这儿 那儿 此 其 之
是 在 有 和 与 及 或 或者 还是 跟 同 并 而 且 但 但是 不过 然后 所以 因为 如果 就 都 也 还 又 再 才 很 太 挺 蛮 非常 比较
把 被 给 让 对 向 从 到 为 于 以 用 按 由
要 想 能 会 可 可以 可不可以 能不能 能否 行 行不行 好 好不好 是不是 是否 有没有 要不要 需不需要 会不会 需要 得要 必须
不 没 没有 不用 不要 别 么得 莫得 冇得
啥 什么 咋 怎么 怎么样 怎样 怎么办 咋办 咋整 咋弄 怎么弄 怎么搞 如何 为什么 为啥 干嘛 哪个 哪些 嘛呢
请 请问 请问一下 请问下 问 问下 问一下 想问 想问下 想问一下 请教 请教一下 咨询 咨询一下 打听 打扰 打扰了 麻烦 麻烦问下 谢谢 谢了 感谢 多谢 你好 您好 哈喽 嗨 在吗 在不在
老铁 亲 亲们 各位 大佬 老师 老板 兄弟 姐妹 朋友们 小哥 小姐姐 师傅
一下 一点 一些 有点 有些 一个 个 些 下 点 事 事情 情况 问题 东西 时候 的话 就是 然后 还有 其实 反正 一般 一直 已经 现在 刚刚 刚
知道 告诉 说 说说 讲讲 看看 看 帮 帮忙 帮我 求 求助 急 在线等 谁 谁知道 听说 据说 好像 觉得 感觉 是不是真的 真的 真
啷个 咋个 啥子 嘛子 中不中 晓得 晓不晓得
时候 啥时候 什么时候 多会儿 这边 那边 这块 那块 有人 别人 来 去 上 里 里面 上面 下面 之前 以后 之后 以前 时 后 前 中 内 外
不能 不可以 还要 还得 该 应该 才能 才 上去 下去 出去 回来 一起 几个 平常 平时 先 再说 拿 放 加 弄 整 破 搞 找 做 干 弄成 咋破 有事 有事没 有事吗 没事
每个 每次 所有 全部 一样 其他 别的 以及 关于 对于 通过 这事 那事 啥事 这种事
行吗 可以吗 好吗 对吗 么样 样 啥样 咋样 几 多 哪 得了 罢了 而已 等等 之类 什么的 这么 那么 这么样 那么样
`;

const ENGLISH_EXTRA = `i i'm im please pls hi hello hey thanks thank tell know need want wanna anyone someone does do can could
should would will shall is are am be was there what how why when which who whose whom do`;

/** Chinese words in the stop list. */
export const CHINESE_STOPWORDS: ReadonlySet<string> = new Set(CHINESE.split(/\s+/).filter(Boolean));

const ENGLISH: ReadonlySet<string> = new Set([...ENGLISH_STOPWORDS, ...ENGLISH_EXTRA.split(/\s+/).filter(Boolean)]);

/** True for a word that should neither be indexed nor counted: stop words, single Latin letters, bare whitespace. */
export function isStopword(word: string): boolean {
  if (CHINESE_STOPWORDS.has(word)) return true;
  // A lone digit is what is left of 一个, 一批, 一张 after numeral conversion: no topic in it.
  if (/^[0-9]$/u.test(word)) return true;
  if (/^[a-z']+$/u.test(word)) return word.length < 2 || ENGLISH.has(word);
  return false;
}
