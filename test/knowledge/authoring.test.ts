import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alsoCheckProblems, citationsIn, NEEDS_PERMIT, reviewSources } from '../../src/knowledge/authoring.js';
import type { LoadedEntry } from '../../src/knowledge/load.js';
import { EntrySchema } from '../../src/knowledge/schema.js';
import { runTs, tempDir } from '../helpers/cli.js';

function loaded(fields: Record<string, unknown>): LoadedEntry {
  const entry = EntrySchema.parse({
    id: 'food-x',
    category: 'food',
    question: '网上卖腊肉要办什么证？',
    alternates: ['a', 'b', 'c', 'd'],
    answer: '要办SC。',
    sources: ['《中华人民共和国食品安全法》第三十五条'],
    reviewed: '2026-12-01',
    ...fields,
  });
  return { entry, file: 'knowledge/faq/food.yaml', line: 7 };
}

describe('the also-check line of "do I need X?" entries', () => {
  it('reads the wording of a permit question, not of questions doing something else with a permit', () => {
    for (const q of ['网上卖食品要办食品经营许可证吗？', '蜂农卖自家蜂蜜，需要食品生产许可证吗？', '办好营业执照以后，还要去税务局登记吗？', '家庭小作坊做的食品能办什么证？', '卖农产品要开承诺达标合格证吗？']) {
      expect(NEEDS_PERMIT.test(q), q).toBe(true);
    }
    for (const q of ['网店首页要公示哪些执照信息？', '办个体工商户执照要准备哪些材料？', '网店不想开了，怎么关店？执照要注销吗？', '开店保证金是干什么用的？要交多少？']) {
      expect(NEEDS_PERMIT.test(q), q).toBe(false);
    }
  });

  it('asks for a permit marker where the question reads like one, and for alsoCheck where the marker says so', () => {
    expect(alsoCheckProblems([loaded({})]).map((p) => [p.line, p.message])).toEqual([
      [7, 'food-x: the question asks whether a permit is needed: set permit (licence, filing or certificate) and alsoCheck, or permit: none if it does not'],
    ]);
    expect(alsoCheckProblems([loaded({ question: '腊肉能在网上卖吗？', permit: 'licence' })]).map((p) => p.message)).toEqual([
      'food-x: permit: licence needs an alsoCheck line (the adjacent rule that most often catches merchants)',
    ]);
    const en = { question: 'Can I sell cured pork online?', answer: 'Get an SC licence.' };
    expect(alsoCheckProblems([loaded({ permit: 'licence', alsoCheck: '原料肉要来自定点屠宰厂。', en })]).map((p) => p.message)).toEqual([
      'food-x: the English version needs en.alsoCheck too',
    ]);
    expect(alsoCheckProblems([
      loaded({ permit: 'licence', alsoCheck: '原料肉要来自定点屠宰厂。', en: { ...en, alsoCheck: 'Meat must come from a designated slaughterhouse.' } }),
      loaded({ permit: 'none' }),
      loaded({ question: '腊肉能在网上卖吗？' }),
    ])).toEqual([]);
  });
});

describe('citations', () => {
  it('finds a titled law with an article number, and every order, notice, document and standard number', () => {
    expect(citationsIn('《中华人民共和国食品安全法》（2021年修正）第三十五条、《电子商务法》规定')).toEqual([{ cited: '食品安全法', numbered: false }]);
    expect(citationsIn('《市场监督管理投诉举报处理办法》（国家市场监督管理总局令第121号）；财金〔2020〕21号；GB 43284-2023；财政部 税务总局公告2026年第10号').map((c) => c.cited)).toEqual([
      '国家市场监督管理总局令第121号',
      '财金〔2020〕21号',
      'GB43284-2023',
      '税务总局公告2026年第10号',
    ]);
  });
});

const SOURCES = `documents:
  - title: 食品安全法
    official: 国家法律法规数据库 flk.npc.gov.cn，2021年修正文本
  - title: 反不正当竞争法
    secondary: 只见律所解读
    recheck: 2027-01-31
  - title: 价格法
    secondary: 只见转载
    recheck: 2027-06-30
`;

async function knowledgeDir(sources: string) {
  const dir = path.join(await tempDir('sources-'), 'knowledge');
  await mkdir(path.join(dir, 'faq'), { recursive: true });
  const entry = (id: string, question: string, source: string) => `- id: ${id}
  category: advertising
  question: ${question}
  alternates: [一, 二, 三, 四]
  answer: |
    按《反不正当竞争法》第二十五条处罚。
  sources:
    - ${source}
  reviewed: 2026-12-01
`;
  await writeFile(path.join(dir, 'faq', 'advertising.yaml'), [
    entry('ad-a', '刷单违法吗？', '《中华人民共和国食品安全法》第三十五条'),
    entry('ad-b', '好评返现违法吗？', '《网络反不正当竞争暂行规定》（国家市场监督管理总局令第91号）'),
  ].join('\n'));
  await writeFile(path.join(dir, 'sources.yaml'), sources);
  return dir;
}

describe('sources.yaml', () => {
  it('names each citation missing from it by file and line, a document listed twice, and one cited nowhere', async () => {
    const dir = await knowledgeDir(`${SOURCES}  - title: 价格法\n    secondary: 又一行\n    recheck: 2027-06-30\n`);
    const { problems } = await reviewSources(dir);
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'knowledge/faq/advertising.yaml:18: "国家市场监督管理总局令第91号" is cited but not in knowledge/sources.yaml: add it with official (the text checked) or secondary and recheck',
      'knowledge/sources.yaml:7: "价格法" is cited nowhere: remove it',
      'knowledge/sources.yaml:10: "价格法" is listed twice',
    ]);
  });

  it('wants official, or secondary with a recheck date', async () => {
    const dir = await knowledgeDir('documents:\n  - title: 反不正当竞争法\n    secondary: 只见律所解读\n');
    const { problems } = await reviewSources(dir);
    expect(problems[0]).toMatchObject({ file: 'knowledge/sources.yaml', line: 2, message: expect.stringContaining('give either official') });
  });

  it('kb:lint --sources lists the secondary documents by re-check date with the entries citing them', async () => {
    const dir = await knowledgeDir(`${SOURCES.replace('  - title: 价格法\n    secondary: 只见转载\n    recheck: 2027-06-30\n', '')}  - title: 网络反不正当竞争暂行规定\n    aliases: [总局令第91号]\n    secondary: 只见转载\n    recheck: 2026-01-01\n`);
    const result = await runTs('scripts/kb-lint.ts', ['--dir', dir, '--sources']);
    expect(result.stdout).toContain([
      '2 of 3 cited documents are secondary (not checked against the official text):',
      '2026-01-01 OVERDUE  网络反不正当竞争暂行规定',
      '    rests on: 只见转载',
      '    cited in: ad-b',
      '2027-01-31  反不正当竞争法',
      '    rests on: 只见律所解读',
      '    cited in: ad-a, ad-b',
    ].join('\n'));
    expect(result.stdout).not.toContain('食品安全法');
  });

  it('kb:lint --help prints the usage on stdout and exits 0', async () => {
    const result = await runTs('scripts/kb-lint.ts', ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run -s kb:lint -- \[--dir <folder>\] \[--sources\]/u);
  });
});
