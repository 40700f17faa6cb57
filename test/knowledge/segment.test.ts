import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/knowledge/analyze.js';
import { createNormalizer } from '../../src/knowledge/normalize.js';
import { createSegmenter } from '../../src/knowledge/segment.js';
import { CHINESE_STOPWORDS } from '../../src/knowledge/stopwords.js';

describe('segmenter', () => {
  it('keeps dictionary words whole that jieba alone would split', () => {
    expect(createSegmenter([]).cut('抖店要啥证')).not.toContain('抖店');
    const segmenter = createSegmenter(['抖店', '营业只照', '食品经营许可证']);
    expect(segmenter.cut('抖店要啥证')).toContain('抖店');
    expect(segmenter.cut('没办营业只照能卖吗')).toContain('营业只照');
    expect(segmenter.cut('要办食品经营许可证吗')).toContain('食品经营许可证');
  });

  it('search mode also yields the words inside long ones', () => {
    const words = createSegmenter([]).cutForSearch('营业执照怎么办');
    expect(words).toEqual(expect.arrayContaining(['营业', '执照', '营业执照']));
  });
});

describe('analyzer', () => {
  const normalize = createNormalizer({ terms: [{ canonical: '抖店', variants: ['抖音小店'] }], dictionary: ['抖店'] });
  const analyzer = new Analyzer(normalize, createSegmenter(['抖店'], CHINESE_STOPWORDS));

  it('drops stop words and chat filler, keeps topic words and bigrams of meaningful stretches', () => {
    const a = analyzer.analyze('老铁请问一下，抖音小店要啥证啊？');
    expect(a.words).toEqual(['抖店', '证']);
    expect(a.bigrams).toContain('抖店');
    expect(a.english).toBe(false);
  });

  it('stems English words and flags English questions', () => {
    const a = analyzer.analyze('Do I need licences to sell snacks?');
    expect(a.english).toBe(true);
    expect(a.words).toEqual(expect.arrayContaining(['licenc', 'sell', 'snack']));
    expect(a.words).not.toContain('do');
  });

  it('adds broader terms a product implies (橙子 → 水果, 农产品)', () => {
    expect(analyzer.analyze('卖橙子要办啥证').concepts).toEqual(expect.arrayContaining(['水果', '农产品']));
  });
});
