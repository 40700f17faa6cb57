import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/knowledge/answerer.js';
import { buildAnswerer, buildEngine } from '../../src/knowledge/build.js';
import { loadKnowledgeFiles } from '../../src/knowledge/load.js';

const FIXTURE = 'test/fixtures/knowledge';
const CONTACT = '县电商公共服务中心 0000-1234567';
let answerer: Answerer;

beforeAll(async () => {
  answerer = buildAnswerer(await loadKnowledgeFiles(FIXTURE), { contact: CONTACT, now: () => new Date('2026-12-01T08:00:00Z') });
});

describe('answer', () => {
  it('answers a colloquial question with the entry, source line, reviewed date and related follow-ups', () => {
    const r = answerer.ask('抖音小店要啥证');
    expect(r.outcome).toBe('answer');
    expect(r.entryId).toBe('shop-doudian-open');
    expect(r.locale).toBe('zh-CN');
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.answer).toContain('下载抖店App');
    expect(r.answer).toContain('来源：抖店规则中心《商家入驻规范》');
    expect(r.answer).toContain('核对日期：2026-11-28');
    expect(r.answer).toContain('相关问题（回复数字查看）：\n1. 在网上卖自家种的农产品，要办营业执照吗？');
    expect(r.suggestions.map((s) => s.id)).toEqual(['reg-farm-produce-licence', 'shop-pdd-open']);
    expect(r.answer).not.toMatch(/[*_#`]/u); // plain text, no markdown
  });

  it('tolerates synonyms, traditional characters, typos in dictionary words and chat noise', () => {
    expect(answerer.ask('@小助手 卖自家橘子要办照不😂').entryId).toBe('reg-farm-produce-licence');
    expect(answerer.ask('賣自家橘子要辦營業執照嗎').entryId).toBe('reg-farm-produce-licence');
    expect(answerer.ask('拼夕夕开店要交钱吗').entryId).toBe('shop-pdd-open');
  });

  it('says how long an entry is valid, and warns when it is past its check-by date', () => {
    const valid = answerer.show('consumer-fresh-returns');
    expect(valid?.answer).toContain('核对日期：2026-11-28（有效期至 2027-12-31，请在此前复核）');
    const expired = answerer.show('tax-small-scale-vat');
    expect(expired?.answer).toContain('已过复核期限 2025-12-31');
  });

  it('shows the also-check line between the answer and the sources, in Chinese under a Chinese answer', () => {
    const r = answerer.show('reg-farm-produce-licence');
    expect(r?.answer).toMatch(/公示"个人销售自产农副产品"。\n\n另请核对：卖的是肉、蛋、水产的，另有检疫和合格证的规定。\n\n来源：/u);
    expect(answerer.show('reg-farm-produce-licence', { locale: 'en' })?.answer).toContain('Also check: 卖的是肉、蛋、水产的');
    const en = answerer.show('shop-doudian-open', { locale: 'en' })?.answer;
    expect(en).toContain('Also check: Food needs its own filing or licence.');
    expect(en).not.toContain('食品备案');
    expect(answerer.show('consumer-seven-day-returns')?.answer).not.toContain('另请核对');
  });
});

describe('clarify', () => {
  it('offers the close candidates as a numbered list when unsure', () => {
    // A bare term several entries answer: sure it is ours, not sure which.
    const r = answerer.ask('退货');
    expect(r.outcome).toBe('clarify');
    expect(r.answer.startsWith('您是想问：\n1. ')).toBe(true);
    expect(r.answer.endsWith('回复数字即可')).toBe(true);
    expect(r.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(r.suggestions.map((s) => s.id)).toContain('consumer-seven-day-returns');
    expect(r.suggestions.length).toBeLessThanOrEqual(3);
  });
});

describe('none', () => {
  it.each(['今天天气怎么样', '红烧肉怎么做好吃', '讲个笑话', '收到', '', '   ', '😂😂😂', '@张三'])('does not guess on %j', (q) => {
    const r = answerer.ask(q);
    expect(r.outcome).toBe('none');
    expect(r.suggestions).toEqual([]);
    expect(r.answer).toContain('/help');
    expect(r.answer).toContain(CONTACT);
  });

  it('decides "past its check-by date" by the calendar day in the configured zone, not UTC', async () => {
    const files = await loadKnowledgeFiles(FIXTURE);
    // 2027-12-31 17:00 UTC is already 2028-01-01 in Shanghai: the entry valid until 2027-12-31 has expired there.
    const now = () => new Date('2027-12-31T17:00:00Z');
    expect(buildAnswerer(files, { now }).show('consumer-fresh-returns')?.answer).toContain('已过复核期限 2027-12-31');
    expect(buildAnswerer(files, { now, timezone: 'UTC' }).show('consumer-fresh-returns')?.answer).toContain('有效期至 2027-12-31');
  });

  it('omits the contact line when none is configured', async () => {
    const plain = buildAnswerer(await loadKnowledgeFiles(FIXTURE));
    const r = plain.ask('今天天气怎么样');
    expect(r.answer).toContain('/help');
    expect(r.answer).not.toContain('联系');
  });
});

describe('English', () => {
  it('answers an English question in English where the entry has an English version', () => {
    const r = answerer.ask('How do I open a Douyin shop?');
    expect(r.outcome).toBe('answer');
    expect(r.locale).toBe('en');
    expect(r.answer).toContain('Register with your phone');
    expect(r.answer).toContain('Source: ');
    expect(r.answer).toContain('Reviewed: 2026-11-28');
  });

  it('falls back to the Chinese answer with a note when there is no English version', () => {
    const r = answerer.show('shop-pdd-open', { locale: 'en' });
    expect(r?.answer).toContain('No English version');
    expect(r?.answer).toContain('拼多多商家版');
  });

  it('replies to an unknown English question in English', () => {
    const r = answerer.ask('who won the football game last night');
    expect(r.outcome).toBe('none');
    expect(r.locale).toBe('en');
    expect(r.answer).toContain('/help');
  });
});

describe('show and entry', () => {
  it('shows any entry by id as a full answer, and nothing for an unknown id', () => {
    expect(answerer.size).toBe(6);
    expect(answerer.entry('shop-pdd-open')?.category).toBe('shop');
    expect(answerer.show('shop-pdd-open')?.outcome).toBe('answer');
    expect(answerer.show('no-such-entry')).toBeUndefined();
  });
});

describe('off-topic questions', () => {
  const FARMING = {
    id: 'farming-technique',
    reply: '种植养殖技术不在我的范围，可以问当地农技站，或打三农服务热线 12316。',
    en: 'Farming technique is outside what I know: ask your local agricultural station or call 12316.',
    examples: ['果树生虫了打什么药', '橘子树叶子发黄是缺什么肥', '柑橘红蜘蛛怎么治', '橙子树什么时候修剪', 'my orange trees have bugs, what spray'],
  };
  let withTopics: Answerer;
  beforeAll(async () => {
    const files = await loadKnowledgeFiles(FIXTURE);
    withTopics = buildAnswerer({ ...files, offTopic: [FARMING] }, { contact: CONTACT });
  });

  it('says where to ask instead when an off-topic example matches better than any entry', () => {
    const r = withTopics.ask('我家橘子树生虫了打啥药');
    expect(r.outcome).toBe('none');
    expect(r.offTopic).toBe('farming-technique');
    expect(r.answer).toContain('12316');
    expect(r.answer).toContain('/help');
    expect(r.answer).toContain(CONTACT);
    expect(r.suggestions).toEqual([]);
  });

  it('still answers the merchant question that shares the product word', () => {
    const r = withTopics.ask('卖自家种的橘子要办营业执照吗');
    expect(r.outcome).toBe('answer');
    expect(r.entryId).toBe('reg-farm-produce-licence');
    expect(r.offTopic).toBeUndefined();
  });

  it('refers in English to an English question', () => {
    const r = withTopics.ask('what should I spray on orange trees with bugs');
    expect(r.offTopic).toBe('farming-technique');
    expect(r.answer).toContain('call 12316');
  });

  it('is ranked apart from the entries: never an entry, a suggestion or a candidate', async () => {
    const engine = buildEngine({ ...(await loadKnowledgeFiles(FIXTURE)), offTopic: [FARMING] });
    const ranking = engine.retriever.rank(engine.analyzer.analyze('橘子树生虫了 卖橘子要办照吗'));
    expect(ranking.offTopic?.topic).toBe(0);
    expect(ranking.candidates.length).toBeGreaterThan(0);
    expect(ranking.candidates.every((c) => c.entry < engine.entries.length)).toBe(true);
    expect(withTopics.entry('farming-technique')).toBeUndefined();
  });
});
