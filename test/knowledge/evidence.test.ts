import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/knowledge/answerer.js';
import { buildAnswerer } from '../../src/knowledge/build.js';
import { compoundIdf, generalIdf } from '../../src/knowledge/general-idf.js';
import { loadKnowledgeFiles } from '../../src/knowledge/load.js';

describe('compoundIdf', () => {
  it('weighs a long term general Chinese writes as several words by its parts', () => {
    expect(compoundIdf('电子商务进农村综合示范')).toBeGreaterThan(generalIdf('电子商务') + generalIdf('农村'));
  });

  it('leaves known words and short unknown ones at their general weight', () => {
    expect(compoundIdf('政策')).toBe(generalIdf('政策'));
    expect(compoundIdf('玉镯子')).toBe(generalIdf('玉镯子'));
  });
});

describe('short questions naming what the knowledge base knows', () => {
  let answerer: Answerer;
  beforeAll(async () => {
    answerer = buildAnswerer(await loadKnowledgeFiles('knowledge'));
  });

  it.each([
    // A programme's name the segmenter keeps whole: the evidence of its parts, not of one unknown word.
    ['电子商务进农村综合示范是什么政策', 'support-rural-ecommerce-demo-program'],
    // A number the knowledge base names is a topic, not a quantity.
    ['832平台咋进', 'support-832-consumption-assistance'],
    // 能干什么 and 能干啥 are one question (jieba cuts them apart differently).
    ['这个机器人能干什么', 'bot-what-can-it-do'],
    // Shorthand and homophones.
    ['sph小店怎么开', 'shop-wechat-shop-open'],
    ['退宽一般几天到账', 'consumer-refund-timing'],
  ])('answers %s at once', (q, id) => {
    const r = answerer.ask(q);
    expect(r.outcome).toBe('answer');
    expect(r.entryId).toBe(id);
  });
});
