import { describe, expect, it } from 'vitest';
import { createNormalizer, normalizeBase } from '../../src/knowledge/normalize.js';
import { convertChineseNumerals, parseChineseNumeral } from '../../src/knowledge/numerals.js';
import { toSimplified } from '../../src/knowledge/traditional.js';

const synonyms = {
  terms: [
    { canonical: '抖店', variants: ['抖音小店', '抖音小店铺', '斗店', 'doudian'] },
    { canonical: '营业执照', variants: ['办照', '营业只照', '照'] },
    { canonical: '拼多多', variants: ['拼夕夕', 'PDD'] },
  ],
  dictionary: [],
};
const normalize = createNormalizer(synonyms);

describe('normalizeBase', () => {
  it('folds full-width letters, digits and punctuation to half width and lower case', () => {
    expect(normalizeBase('ＳＣ证　１２３？')).toBe('sc证 123');
    expect(normalizeBase('Taobao ABC')).toBe('taobao abc');
  });

  it('turns common traditional characters into simplified ones', () => {
    expect(normalizeBase('網上賣農產品要辦營業執照嗎')).toBe('网上卖农产品要办营业执照吗');
    expect(toSimplified('發票與稅務')).toBe('发票与税务');
    // Words of shop running, not only of licences: 註銷 銷量 週 採購 繳費.
    expect(normalizeBase('註銷後銷量週報 採購繳費')).toBe('注销后销量周报 采购缴费');
  });

  it('strips emoji, WeChat sticker codes and @mentions', () => {
    expect(normalizeBase('@小助手\u2005七天无理由😂👍🏻[捂脸]')).toBe('7天无理由');
    expect(normalizeBase('@bot 怎么开店❤️')).toBe('怎么开店');
    expect(normalizeBase('卖蜂蜜@你要办什么证')).toBe('卖蜂蜜 你要办什么证');
    expect(normalizeBase('怎么开店 @小助手')).toBe('怎么开店');
    // An @ inside text is not a mention, whatever follows: the question stays.
    expect(normalizeBase('卖蜂蜜@你要办什么证 急')).toBe('卖蜂蜜 你要办什么证 急');
    expect(normalizeBase('卖蜂蜜@你要办什么证？谢谢 老师')).toBe('卖蜂蜜 你要办什么证 谢谢 老师');
    expect(normalizeBase('abc@qq.com 能收到')).toBe('abc qq com 能收到');
    expect(normalizeBase('抖店咋开@小助手\u2005')).toBe('抖店咋开');
    // A mention ends at punctuation too, and a WeChat nickname may hold a space.
    expect(normalizeBase('@小助手，卖蜂蜜要办什么证')).toBe('卖蜂蜜要办什么证');
    expect(normalizeBase('请问 @小助手，抖店要啥证 谢谢')).toBe('请问 抖店要啥证 谢谢');
    expect(normalizeBase('@张 三\u2005抖店要啥证')).toBe('抖店要啥证');
    expect(normalizeBase('1️⃣ 开店')).toBe('1 开店');
  });
});

describe('Chinese numerals', () => {
  it('converts counting numerals before a unit and compounds with 十/百/千/万', () => {
    expect(convertChineseNumerals('七天无理由')).toBe('7天无理由');
    expect(convertChineseNumerals('第三十五条')).toBe('第35条');
    expect(convertChineseNumerals('双十一')).toBe('双11');
    expect(convertChineseNumerals('一百零五天')).toBe('105天');
    expect(convertChineseNumerals('两万元')).toBe('20000元');
  });

  it('leaves words that merely contain numeral characters alone', () => {
    for (const word of ['一般', '统一', '三无产品', '万一', '千万不要', '零食', '百度', '十分重要', '两三天', '二维码']) {
      expect(convertChineseNumerals(word)).toBe(word);
    }
  });

  it('parses numerals', () => {
    expect(parseChineseNumeral('三千零五')).toBe(3005);
    expect(parseChineseNumeral('十五')).toBe(15);
    expect(parseChineseNumeral('三四千')).toBeUndefined();
  });
});

describe('synonyms', () => {
  it('maps variants to the canonical term, longest variant first', () => {
    expect(normalize('抖音小店铺怎么开')).toBe('抖店怎么开');
    expect(normalize('斗店要啥证')).toBe('抖店要啥证');
    expect(normalize('卖橘子要办照不')).toBe('卖橘子要营业执照不');
  });

  it('matches ASCII variants as whole words only, in any case', () => {
    expect(normalize('pdd保证金')).toBe('拼多多保证金');
    expect(normalize('PDD 保证金')).toBe('拼多多 保证金');
    expect(normalize('updd')).toBe('updd');
  });

  it('ignores one-character Chinese variants, which would rewrite other words', () => {
    expect(normalize('照片怎么拍')).toBe('照片怎么拍');
  });

  it('normalises full width, traditional characters and numerals before matching', () => {
    expect(normalize('拼夕夕七天無理由')).toBe('拼多多7天无理由');
  });
});
