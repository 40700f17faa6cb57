import { appendFile, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEvalSet } from '../../src/knowledge/evaluate.js';
import { formatProblem, readKnowledgeFiles } from '../../src/knowledge/load.js';
import { tempDir } from '../helpers/cli.js';

const entry = (id: string, alternates: string[], related: string[] = []) =>
  [
    `- id: ${id}`,
    '  category: shop',
    `  question: ${id} 的问题？`,
    '  alternates:',
    ...alternates.map((a) => `    - ${a}`),
    '  answer: 答案。',
    '  sources: [平台规则中心]',
    '  reviewed: 2026-11-28',
    `  related: [${related.join(', ')}]`,
  ].join('\n');

describe('readKnowledgeFiles cross-checks', () => {
  it('reports duplicate ids, dangling or self-related ids and a phrasing shared between entries, with file and line', async () => {
    const dir = path.join(await tempDir(), 'knowledge');
    await cp('test/fixtures/knowledge', dir, { recursive: true });
    const file = [
      entry('shop-pdd-open', ['甲一', '甲二', '甲三', '甲四']),
      entry('shop-new-a', ['乙一', '乙二', '乙三', '卖自家橘子要办照吗'], ['shop-missing', 'shop-new-a']),
    ].join('\n');
    await writeFile(path.join(dir, 'faq', 'zz-extra.yaml'), file);
    const problems = (await readKnowledgeFiles(dir)).problems.map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(/^knowledge\/faq\/zz-extra\.yaml:1: duplicate id "shop-pdd-open" \(first at knowledge\/faq\/shop\.yaml:\d+\)$/u),
      'knowledge/faq/zz-extra.yaml:13: related id "shop-missing" does not exist (in shop-new-a)',
      'knowledge/faq/zz-extra.yaml:13: shop-new-a lists itself as related',
      'knowledge/faq/zz-extra.yaml:13: phrasing "卖自家橘子要办照吗" of shop-new-a also belongs to reg-farm-produce-licence',
    ]);
  });
});

describe('topics', () => {
  // What a content author does for a new topic: a file under faq/ and a line in topics.yaml, no code.
  it('takes a new topic from topics.yaml, and names the file to edit while it is missing there', async () => {
    const dir = path.join(await tempDir(), 'knowledge');
    await cp('test/fixtures/knowledge', dir, { recursive: true });
    await writeFile(path.join(dir, 'faq', 'livestream.yaml'), entry('live-first-stream', ['丙一', '丙二', '丙三', '丙四']).replace('category: shop', 'category: livestream'));
    expect((await readKnowledgeFiles(dir)).problems.map(formatProblem)).toEqual([
      'knowledge/faq/livestream.yaml:1: category "livestream" of live-first-stream is not a topic: add it to knowledge/topics.yaml with its zh and en names',
    ]);
    await appendFile(path.join(dir, 'topics.yaml'), '  - { id: livestream, zh: 直播带货, en: Live selling }\n');
    const files = await readKnowledgeFiles(dir);
    expect(files.problems).toEqual([]);
    expect(files.topics.map((t) => t.id)).toContain('livestream');
  });

  it('reports a duplicate topic, and a folder with entries but no topics.yaml', async () => {
    const dir = path.join(await tempDir(), 'knowledge');
    await cp('test/fixtures/knowledge', dir, { recursive: true });
    await appendFile(path.join(dir, 'topics.yaml'), '  - { id: shop, zh: 开店, en: Shop }\n');
    expect((await readKnowledgeFiles(dir)).problems.map(formatProblem)).toEqual(['knowledge/topics.yaml:6: duplicate topic id "shop"']);
    await rm(path.join(dir, 'topics.yaml'));
    expect((await readKnowledgeFiles(dir)).problems.map(formatProblem)).toEqual(['knowledge/topics.yaml:1: file is missing']);
  });
});

describe('synonym checks', () => {
  it('reports a variant that is one character once normalised, and one claimed by two terms', async () => {
    const dir = path.join(await tempDir(), 'knowledge');
    await cp('test/fixtures/knowledge', dir, { recursive: true });
    await writeFile(path.join(dir, 'synonyms.yaml'), ['terms:', '  - canonical: 抖店', '    variants: [抖+, 斗店]', '  - canonical: 拼多多', '    variants: [斗店]'].join('\n'));
    expect((await readKnowledgeFiles(dir)).problems.map(formatProblem)).toEqual([
      'knowledge/synonyms.yaml:3: variant "抖+" of 抖店 is one character once normalised ("抖"), so it is ignored',
      'knowledge/synonyms.yaml:5: variant "斗店" of 拼多多 already belongs to 抖店',
    ]);
  });
});

describe('loadEvalSet', () => {
  it('names every malformed labelled question by file and line, and reads an empty file as none', async () => {
    const dir = path.join(await tempDir(), 'eval');
    await mkdir(dir);
    await writeFile(path.join(dir, 'a.yaml'), '- q: 抖店要啥证\n  expect: shop-doudian-open\n- q: 卖橘子\n  expect: Bad_Id\n');
    await writeFile(path.join(dir, 'b.yaml'), '# nothing yet\n');
    await expect(loadEvalSet(dir)).rejects.toThrow(/eval\/a\.yaml:4: expect must be an entry id or null/u);
    await writeFile(path.join(dir, 'a.yaml'), '- q: 抖店要啥证\n  expect: shop-doudian-open\n');
    expect(await loadEvalSet(dir)).toEqual([{ q: '抖店要啥证', expect: 'shop-doudian-open', file: 'a.yaml' }]);
  });
});
