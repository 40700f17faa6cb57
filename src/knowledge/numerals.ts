/**
 * Chinese numerals → Arabic digits where they count something: `七天` → `7天`, `三十五条` → `35条`,
 * `双十一` → `双11`. A numeral is converted when a unit follows it (天, 个, 元, 条, 小时 …) or when it is a
 * compound with 十/百/千/万 (十一, 二十). Words that merely contain a numeral character (一般, 统一, 三无产品,
 * 万一, 千万, 零食, 百度) are left alone, so text and knowledge stay readable to jieba.
 */
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

// Measure words and units after which a numeral is certainly a quantity. Not 分 (十分 = very) or 点.
const UNITS = [
  '小时', '分钟', '个月', '工作日', '星期', '周', '天', '日', '号', '月', '年', '岁', '季度',
  '个', '只', '件', '次', '单', '家', '种', '条', '款', '项', '批', '位', '人', '张', '台', '辆', '份', '箱', '袋', '包', '瓶', '盒',
  '元', '块', '斤', '公斤', '克', '吨', '米', '公里', '里', '升', '倍', '成', '折', '级', '类', '证', '%',
];

const NUMERAL_RUN = /[零〇一二两三四五六七八九十百千万亿]+/gu;
const UNIT_AFTER = new RegExp(`^(?:${UNITS.join('|')})`, 'u');

/** Value of a Chinese numeral such as 三千零五 or 十五; undefined when the characters do not form a number. */
export function parseChineseNumeral(text: string): number | undefined {
  const chars = Array.from(text);
  if (chars.length === 0) return undefined;
  // Plain digit strings (二〇二六) read digit by digit.
  if (chars.every((c) => c in DIGITS)) {
    if (chars.length === 1) return DIGITS[chars[0]!];
    // 二〇二六 is a year; 两三, 三五 are ranges ("two or three"), not 23 or 35.
    return chars.length >= 3 && !chars.includes('两') ? Number(chars.map((c) => DIGITS[c]).join('')) : undefined;
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of chars) {
    if (c === '零' || c === '〇') {
      digit = undefined; // 一百零五: the zero only marks a gap
    } else if (c in DIGITS) {
      if (digit !== undefined) return undefined; // two digits in a row: 三四千
      digit = DIGITS[c]!;
    } else if (c in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[c]!;
      digit = undefined;
    } else {
      const big = BIG_UNITS[c]!;
      section += digit ?? 0;
      if (section === 0) return undefined;
      total += section * big;
      section = 0;
      digit = undefined;
    }
  }
  return total + section + (digit ?? 0);
}

/** Converts counting numerals to digits, see the module comment. */
export function convertChineseNumerals(text: string): string {
  return text.replace(NUMERAL_RUN, (run: string, offset: number) => {
    const first = run[0]!;
    // A run starting with 百/千/万/亿/零 is a word (百度, 千万, 万一, 零食), not a number.
    if (first !== '十' && (!(first in DIGITS) || first === '零' || first === '〇')) return run;
    const unit = UNIT_AFTER.test(text.slice(offset + run.length, offset + run.length + 3));
    const compound = /[十百千万亿]/u.test(run);
    if (!unit && !(compound && run.length >= 2)) return run;
    const value = parseChineseNumeral(run);
    return value === undefined ? run : String(value);
  });
}
