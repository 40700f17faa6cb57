import { beforeAll, describe, expect, it } from 'vitest';
import { readCopyRules } from '../../src/compliance/load.js';
import { createCopyChecker, type CopyChecker } from '../../src/compliance/matcher.js';
import { CopyRulesFileSchema, type CopyRules } from '../../src/compliance/schema.js';

let checker: CopyChecker;
beforeAll(async () => {
  const loaded = await readCopyRules('knowledge');
  expect(loaded.problems).toEqual([]);
  checker = loaded.checker!;
});

const spans = (text: string) => checker.check(text).map((f) => [f.span, f.kind]);

describe('copy check on the bundled rules', () => {
  it('flags each kind of risk with the rule it touches and a safer wording', () => {
    const cases: [string, string, RegExp][] = [
      ['顶级品质', 'absolute', /《广告法》第九条第（三）项/u],
      ['全国销量第一', 'absolute', /第五十七条/u],
      ['苦荞茶降血糖', 'medical', /《广告法》第十七条/u],
      ['黑木耳增强免疫力', 'health', /《广告法》第十八条/u],
      ['7天见效 无效退款', 'guarantee', /第二十八条/u],
      ['纯天然 零添加', 'unprovable', /第二十八条/u],
      ['中华老字号', 'endorsement', /第二十八条/u],
      ['特供茶叶', 'endorsement', /第九条第（二）项/u],
      ['中国驰名商标', 'endorsement', /《商标法》第十四条第五款/u],
      ['原价199现价99', 'price', /总局令第56号）第十九条/u],
      ['五星好评返现', 'review', /总局令第91号）第九条第（五）项/u],
    ];
    for (const [text, kind, rule] of cases) {
      const [first] = checker.check(text);
      expect(first, text).toBeDefined();
      expect(first!.kind, text).toBe(kind);
      expect(first!.rule, text).toMatch(rule);
      expect(first!.suggestion.length, text).toBeGreaterThan(10);
    }
  });

  it('leaves the ordinary words from the issue alone', () => {
    for (const text of [
      '最近上新',
      '第一次购买',
      '最后一天包邮',
      '第一步：拆开包装',
      '最新到货',
      '第一天发货',
      '第一批春茶',
      '最早成熟',
      '最好冷藏保存',
      '最佳食用期7天',
    ]) {
      expect(checker.check(text), text).toEqual([]);
    }
  });

  it('drops only the matches inside an exception: 第一次 is fine, 第一品牌 in the same line is not', () => {
    expect(spans('第一次买就选第一品牌')).toEqual([['第一', 'absolute']]);
    const [f] = checker.check('第一次买就选第一品牌');
    expect(f!.start).toBe(6);
  });

  it('prefers the leftmost, then the longest, then the more specific rule where matches overlap', () => {
    expect(spans('全网最低价')).toEqual([['全网最低价', 'price']]);
    expect(spans('包治百病')).toEqual([['包治百病', 'guarantee']]);
    expect(spans('孕妇也绝对安全')).toEqual([['绝对安全', 'guarantee']]);
    expect(spans('国家级非遗工艺')).toEqual([['国家级非遗', 'endorsement']]);
  });

  it('reports spans of the text as written, through full width, traditional characters and spaces', () => {
    for (const text of ['ＮＯ．１的手工皂', '全網最低價', '最 好 喝 的 酸 梅 汤', '第①品牌', '好評返現']) {
      const found = checker.check(text);
      expect(found.length, text).toBe(1);
      for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.span);
    }
    expect(checker.check('最 好 喝')[0]!.span).toBe('最 好 喝');
  });

  it('lists every occurrence, in reading order, never overlapping', () => {
    const found = checker.check('最好的橘子，最好的价格，纯天然，好评返现，最好的服务');
    expect(found.map((f) => f.span)).toEqual(['最好', '最好', '纯天然', '好评返现', '最好']);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
  });

  it('keeps emoji and other surrogate pairs out of the offsets', () => {
    const text = '🍊🍊 顶级脐橙';
    const [f] = checker.check(text);
    expect(text.slice(f!.start, f!.end)).toBe('顶级');
  });
});

describe('matching mechanics on a small rule set', () => {
  const rules: CopyRules = CopyRulesFileSchema.parse({
    reviewed: '2026-11-28',
    disclaimer: '不是法律意见',
    kinds: { a: { label: 'A', rule: 'rule A' }, b: { label: 'B', rule: 'rule B' } },
    rules: [
      { id: 'b-first', kind: 'b', terms: ['好吃'], rule: 'precise B', suggestion: 'say it plainly', hits: ['好吃'] },
      { id: 'a-generic', kind: 'a', patterns: ['好\\p{sc=Han}'], except: ['好(?:的|像)'], suggestion: 'say it plainly', hits: ['好甜'] },
    ],
  });
  const small = createCopyChecker(rules);

  it('uses the rule citation over the kind citation, and the kind citation otherwise', () => {
    expect(small.check('好吃')).toMatchObject([{ kind: 'b', rule: 'precise B', ruleId: 'b-first' }]);
    expect(small.check('好甜')).toMatchObject([{ kind: 'a', rule: 'rule A', ruleId: 'a-generic' }]);
  });

  it('breaks ties of position and length by rule order in the file', () => {
    expect(small.check('很好吃').map((f) => f.ruleId)).toEqual(['b-first']);
  });

  it('applies exceptions to their own rule only', () => {
    expect(small.check('好的')).toEqual([]);
    expect(small.check('好像')).toEqual([]);
  });
});
