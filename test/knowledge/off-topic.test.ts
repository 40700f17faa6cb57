import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/knowledge/answerer.js';
import { buildAnswerer } from '../../src/knowledge/build.js';
import { formatProblem, loadKnowledgeFiles, readKnowledgeFiles } from '../../src/knowledge/load.js';
import { tempDir } from '../helpers/cli.js';

async function knowledgeWith(offTopic: string): Promise<string> {
  const dir = path.join(await tempDir(), 'knowledge');
  await cp('test/fixtures/knowledge', dir, { recursive: true });
  await writeFile(path.join(dir, 'off-topic.yaml'), offTopic);
  return dir;
}

describe('knowledge/off-topic.yaml', () => {
  it('loads the topics beside the FAQ', async () => {
    const dir = await knowledgeWith('topics:\n  - id: weather\n    reply: 天气请查 12121。\n    examples: [明天下雨吗, 今天多少度, 台风啥时候到, 要降温了吗]\n');
    const files = await readKnowledgeFiles(dir);
    expect(files.problems).toEqual([]);
    expect(files.offTopic.map((t) => t.id)).toEqual(['weather']);
  });

  it('reports, with file and line, an example that is also an FAQ phrasing, and schema problems', async () => {
    const dir = await knowledgeWith(
      [
        'topics:',
        '  - id: weather',
        '    reply: 天气请查 12121。',
        '    examples:',
        '      - 明天下雨吗',
        '      - 卖自家橘子要办照吗',
        '      - 今天多少度',
        '      - 要降温了吗',
        '  - id: Bad_Id',
        '    reply: x',
        '    examples: [a, b, c, d]',
      ].join('\n'),
    );
    const problems = (await readKnowledgeFiles(dir)).problems.map(formatProblem);
    expect(problems).toEqual([expect.stringMatching(/^knowledge\/off-topic\.yaml:9: id must be kebab-case/u)]);
    const fixed = await knowledgeWith(['topics:', '  - id: weather', '    reply: 天气请查 12121。', '    examples:', '      - 明天下雨吗', '      - 卖自家橘子要办照吗', '      - 今天多少度', '      - 要降温了吗'].join('\n'));
    expect((await readKnowledgeFiles(fixed)).problems.map(formatProblem)).toEqual([
      'knowledge/off-topic.yaml:6: off-topic example "卖自家橘子要办照吗" (weather) is a phrasing of reg-farm-produce-licence',
    ]);
  });
});

// On the real knowledge base: an off-topic example must never turn away a merchant whose question shares its
// words (found in review: one document per topic let 香肠/牛排/打包发货 examples refuse 自家灌的香肠网上卖要啥证).
describe('off-topic referrals on the bundled knowledge', () => {
  let answerer: Answerer;
  beforeAll(async () => {
    const files = await loadKnowledgeFiles('knowledge');
    answerer = buildAnswerer(files);
  });

  const MERCHANT_QUESTIONS = [
    '自家灌的香肠网上卖要啥证',
    '自家熏的腊肉能在网上卖不',
    '直播间卖酸辣粉要注意啥',
    '买家说蜂蜜结晶了是坏了要退款',
    '蜂蜜能宣传血糖高的人也能吃吗',
    '保健品能说吃了能停降压药吗',
    '卖的沃柑买家嫌酸投诉咋回',
    '下暴雪快递停运了要报备吗',
    '寄橙子去东北会不会冻坏，咋打包',
    '买家说包裹显示签收了可他没收到咋办',
    '买家买的裤子短了要退货，运费谁出',
    '买家说我卖假货要投诉我咋办',
    '想借十万块开网店，哪个银行好贷',
    '淘宝店登不上了，老提示账号异常',
    '有人高价收购我的拼多多店铺，能卖吗',
    '自家散养土鸡蛋在网上卖要办照吗',
    // Near the examples added on 2026-12-06 (buying fruit, nuts, honey as a consumer).
    '网上卖猕猴桃要办啥证',
    '卖核桃仁要SC证吗',
    '土蜂蜜在网上卖要检测报告吗',
  ];

  it.each(MERCHANT_QUESTIONS)('does not refer the merchant question %s elsewhere', (q) => {
    expect(answerer.ask(q).offTopic).toBeUndefined();
  });

  // Some stay a plain "don't know" (保健品能说吃了能停降压药吗, 下暴雪快递停运了要报备吗, 想借十万块开网店，哪个银行好贷,
  // 淘宝店登不上了，老提示账号异常: their best entries answer another question, and the rule-based decision declined
  // the same four); no more may join them.
  it('answers or asks back at least 15 of the 19 merchant questions near off-topic ones', () => {
    const declined = MERCHANT_QUESTIONS.filter((q) => answerer.ask(q).outcome === 'none');
    expect(declined.length, declined.join(' / ')).toBeLessThanOrEqual(4);
  });

  it.each([
    ['孩子咳嗽一个礼拜了老不好，吃啥药', 'health-medical'],
    ['明天咱县里下不下雨', 'weather-disaster'],
    ['在拼多多买的手机壳碎了，怎么找客服退', 'buyer-shopping'],
    ['新农合今年交多少钱', 'government-daily-life'],
    ['手机微信语音没声音咋回事', 'devices-apps'],
  ])('refers %s to %s', (q, topic) => {
    const r = answerer.ask(q);
    expect(r.outcome).toBe('none');
    expect(r.offTopic).toBe(topic);
  });
});
