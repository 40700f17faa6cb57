import { beforeAll, describe, expect, it } from 'vitest';
import { buildChecklist, type CompleteAnswers } from '../../src/wizard/checklist.js';
import { checklistReply } from '../../src/wizard/format.js';
import { readKaidianRules } from '../../src/wizard/load.js';
import type { ChecklistItem, KaidianRules } from '../../src/wizard/schema.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';

let rules: KaidianRules;
beforeAll(async () => {
  const faqIds = new Set((await readKnowledgeFiles('knowledge')).entries.map((e) => e.entry.id));
  const loaded = await readKaidianRules('knowledge', faqIds);
  expect(loaded.problems).toEqual([]);
  rules = loaded.rules!;
});

const items = (answers: CompleteAnswers): ChecklistItem[] => buildChecklist(rules, answers).flatMap((s) => s.items);
const ids = (answers: CompleteAnswers) => items(answers).map((i) => i.id);
const byId = (answers: CompleteAnswers, id: string) => items(answers).find((i) => i.id === id);

const GOODS = ['farm', 'packed', 'made', 'reg', 'plain', 'craft', 'svc'];
const IDENTITIES = ['self', 'gth', 'corp'];
const PLATFORMS = ['tb', 'tm', 'pdd', 'dy', 'ks', 'wx', 'jd', 'xhs'];
const PLATFORM_SETS = [[], ...PLATFORMS.map((p) => [p]), PLATFORMS, ['pdd', 'dy', 'wx']];
const allPaths = GOODS.flatMap((goods) =>
  IDENTITIES.flatMap((identity) => PLATFORM_SETS.map((platforms) => ({ goods, identity, platforms }))),
);

describe('every path of the wizard', () => {
  it('knows the questions the paths below walk', () => {
    expect(rules.goods.options.map((o) => o.id)).toEqual(GOODS);
    expect(rules.identity.options.map((o) => o.id)).toEqual(IDENTITIES);
    expect(rules.platforms.options.map((o) => o.id)).toEqual(PLATFORMS);
    expect(allPaths.length).toBe(7 * 3 * 11);
  });

  it('always answers the licence question first, gives each item a reason and a way, and fits the choices in 1-9', () => {
    const faq = { current: () => ({ entry: (id: string) => ({ question: id }) as never }) };
    for (const path of allPaths) {
      const sections = buildChecklist(rules, path);
      const where = JSON.stringify(path);
      expect(sections[0]!.id, where).toBe('register');
      for (const item of sections.flatMap((s) => s.items)) {
        expect(item.why.length, `${where} ${item.id}`).toBeGreaterThan(15);
        expect(item.where.length, `${where} ${item.id}`).toBeGreaterThan(10);
      }
      const reply = checklistReply(rules, path, faq, 'zh-CN');
      expect(reply.suggestions!.length, where).toBeGreaterThan(0);
      expect(reply.suggestions!.length, where).toBeLessThanOrEqual(9);
      // The links reach as many items as nine links can: not all spent on the first item's entries.
      const linked = new Set(reply.suggestions!.map((s) => s.label));
      const withFaq = sections.flatMap((s) => s.items).filter((item) => item.faq.length);
      const reached = withFaq.filter((item) => item.faq.some((id) => linked.has(id)));
      expect(reached.length, where).toBeGreaterThanOrEqual(Math.min(linked.size, withFaq.length));
      expect(reply.text, where).toContain('不是法律意见');
    }
  });

  it('only farm produce, handicrafts and skill-based services by individuals are told they may skip the licence (电子商务法第十条)', () => {
    for (const path of allPaths) {
      const exempt = items(path).filter((i) => i.section === 'register' && /可以不办/u.test(i.title));
      const expected = path.identity === 'self' && ['farm', 'craft', 'svc'].includes(path.goods);
      expect(exempt.length > 0, JSON.stringify(path)).toBe(expected);
      for (const item of exempt) expect(item.why).toContain('《电子商务法》第十条');
    }
  });

  it('tells registered sellers to use and display their licence, and never offers them an exemption', () => {
    for (const path of allPaths.filter((p) => p.identity !== 'self')) {
      expect(ids(path), JSON.stringify(path)).toEqual(
        expect.arrayContaining(['licence-registered', 'shop-display-licence', 'shop-tax-registered']),
      );
      expect(
        ids(path).filter((id) => /exempt|small-sales|licence-food-self|may-ask/u.test(id)),
        JSON.stringify(path),
      ).toEqual([]);
    }
  });

  it('tells individuals who need no licence that the platform may still ask for one', () => {
    for (const goods of ['farm', 'craft', 'svc', 'plain', 'reg']) {
      expect(ids({ goods, identity: 'self', platforms: [] })).toContain('platform-may-ask-licence');
    }
    expect(ids({ goods: 'farm', identity: 'self', platforms: ['tb'] })).toContain('shop-display-exempt-farm');
    expect(byId({ goods: 'farm', identity: 'self', platforms: [] }, 'shop-display-exempt-farm')!.title).toContain(
      '个人销售自产农副产品，依法不需要办理市场主体登记',
    );
  });

  it('own farm produce: no food licence (食品安全法第三十五条), a commitment certificate (农产品质量安全法第三十九条), no SC', () => {
    for (const identity of IDENTITIES) {
      const path = { goods: 'farm', identity, platforms: ['pdd'] };
      expect(byId(path, 'permit-farm-none')!.why).toContain('《食品安全法》第三十五条');
      expect(ids(path)).not.toContain('permit-made-sc');
      const certificate = items(path).find((i) => i.id.startsWith('product-certificate'))!;
      expect(certificate.why).toContain('第三十九条');
      expect(certificate.title).toContain(identity === 'corp' ? '必须开' : '鼓励开');
      expect(ids(path)).toContain('platform-food-reports');
    }
    expect(ids({ goods: 'farm', identity: 'corp', platforms: [] })).toContain('licence-coop-farm');
    for (const goods of GOODS.filter((g) => g !== 'farm'))
      expect(ids({ goods, identity: 'self', platforms: [] }).some((id) => id.startsWith('product-certificate'))).toBe(false);
  });

  it('prepackaged food: a filing, not a licence; a business licence first for individuals; purchase records', () => {
    for (const identity of IDENTITIES) {
      const path = { goods: 'packed', identity, platforms: [] };
      const filing = byId(path, 'permit-packed-filing')!;
      expect(filing.title).toContain('备案');
      expect(filing.why).toContain('《食品安全法》第三十五条');
      expect(byId(path, 'product-food-purchase')!.why).toContain('第五十三条');
      expect(ids(path)).toEqual(expect.arrayContaining(['product-food-label', 'shop-display-food']));
      expect(ids(path)).not.toContain('permit-made-sc');
    }
    expect(byId({ goods: 'packed', identity: 'self', platforms: [] }, 'licence-food-self')!.title).toContain('先办个体工商户执照');
  });

  it('homemade chili sauce: an SC licence or the province’s small-workshop registration', () => {
    for (const identity of IDENTITIES) {
      const path = { goods: 'made', identity, platforms: ['dy'] };
      expect(byId(path, 'permit-made-sc')!.title).toContain('SC');
      const workshop = byId(path, 'permit-made-workshop')!;
      expect(workshop.why).toContain('第三十六条');
      expect(workshop.title).toContain('本省');
    }
    expect(ids({ goods: 'made', identity: 'self', platforms: [] })).toContain('licence-food-self');
  });

  it('cosmetics: no licence to retail, but only registered or filed products, with purchase records; other regulated goods need their own permits', () => {
    const path = { goods: 'reg', identity: 'self', platforms: ['tb'] };
    const seller = byId(path, 'permit-cosmetics-seller')!;
    expect(seller.title).toContain('不用经营许可证');
    expect(seller.why).toMatch(/第四条.*注册.*备案.*第三十八条/su);
    expect(ids(path)).toEqual(expect.arrayContaining(['permit-cosmetics-maker', 'permit-other-regulated', 'licence-small-sales']));
    expect(byId(path, 'licence-small-sales')!.why).toContain('需要行政许可的');
  });

  it('ordinary goods by an individual: the 100,000-yuan small-sales rule, 3C where listed; tax is never waived', () => {
    const path = { goods: 'plain', identity: 'self', platforms: [] };
    expect(byId(path, 'licence-small-sales')!.why).toMatch(/第八条.*10万元/su);
    expect(ids(path)).toEqual(expect.arrayContaining(['product-plain-ccc', 'shop-display-exempt-other', 'shop-tax-self']));
    expect(byId(path, 'shop-tax-self')!.why).toContain('《电子商务法》第十一条');
  });

  it('services: skill-based convenience work needs no licence, permits where the service needs them', () => {
    const path = { goods: 'svc', identity: 'self', platforms: [] };
    expect(byId(path, 'licence-service-self')!.why).toContain('便民劳务');
    expect(byId(path, 'permit-service')!.why).toContain('《电子商务法》第十二条');
  });

  it('lists exactly the platforms chosen, and warns that Tmall takes companies only', () => {
    const platformItem: Record<string, string> = {
      tb: 'platform-taobao',
      tm: 'platform-tmall',
      pdd: 'platform-pdd',
      dy: 'platform-douyin',
      ks: 'platform-kuaishou',
      wx: 'platform-wechat',
      jd: 'platform-jd',
      xhs: 'platform-xhs',
    };
    for (const path of allPaths) {
      const got = ids(path);
      for (const [p, id] of Object.entries(platformItem))
        expect(got.includes(id), `${JSON.stringify(path)} ${id}`).toBe(path.platforms.includes(p));
      expect(got).toContain('platform-general');
      expect(got.includes('platform-tmall-not-company'), JSON.stringify(path)).toBe(
        path.platforms.includes('tm') && path.identity !== 'corp',
      );
    }
  });

  it('never states platform fees or deposits as numbers', () => {
    for (const item of rules.checklist.filter((i) => i.section === 'platform')) {
      expect(`${item.why}${item.where}`, item.id).not.toMatch(/\d+\s*元/u);
    }
  });
});
