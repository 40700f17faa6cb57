import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, readKnowledgeFiles } from '../../src/knowledge/load.js';
import { readKaidianRules } from '../../src/wizard/load.js';
import { tempDir } from '../helpers/cli.js';

async function variant(edit: (yaml: string) => string) {
  const dir = path.join(await tempDir('kaidian-'), 'knowledge');
  await cp('knowledge/faq', path.join(dir, 'faq'), { recursive: true });
  await cp('knowledge/topics.yaml', path.join(dir, 'topics.yaml'));
  await writeFile(path.join(dir, 'kaidian.yaml'), edit(await readFile('knowledge/kaidian.yaml', 'utf8')));
  return dir;
}

const lineOf = (yaml: string, needle: string) => yaml.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('wizard rules file', () => {
  it('the bundled rules have no problems and every FAQ link exists', async () => {
    const faqIds = new Set((await readKnowledgeFiles('knowledge')).entries.map((e) => e.entry.id));
    const { rules, problems } = await readKaidianRules('knowledge', faqIds);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(rules!.checklist.length).toBeGreaterThan(30);
  });

  it('locates unknown options, sections and FAQ ids, and words shared between options', async () => {
    const yaml = await readFile('knowledge/kaidian.yaml', 'utf8');
    const dir = await variant((y) =>
      y
        .replace('when: { goods: [farm], identity: [self] }', 'when: { goods: [fruit], identity: [self] }')
        .replace('faq: [food-small-workshop]', 'faq: [food-no-such-entry]')
        .replace('words: [天猫]', 'words: [天猫, 淘宝]')
        .replace('    section: permit\n    when: { goods: [packed] }', '    section: permits\n    when: { goods: [packed] }'),
    );
    const faqIds = new Set((await readKnowledgeFiles(dir)).entries.map((e) => e.entry.id));
    const { rules, problems } = await readKaidianRules(dir, faqIds);
    expect(rules).toBeUndefined();
    const got = problems.map((p) => [p.line, p.message]);
    expect(got).toEqual(
      expect.arrayContaining([
        [lineOf(yaml, 'words: [天猫]'), '"淘宝" also names platforms.tb'],
        [lineOf(yaml, 'when: { goods: [farm], identity: [self] }'), 'unknown goods option "fruit" in licence-exempt-farm'],
        [lineOf(yaml, 'faq: [food-small-workshop]'), 'FAQ id "food-no-such-entry" does not exist (in permit-made-workshop)'],
        [lineOf(yaml, '- id: permit-packed-filing') + 1, 'unknown section "permits" (sections: register, permit, product, shop, platform)'],
      ]),
    );
  });

  it('requires a licence answer for every kind of goods and seller', async () => {
    const dir = await variant((y) =>
      y.replace(
        'when: { goods: [craft], identity: [self] }\n    title: 营业执照',
        'when: { goods: [farm], identity: [self] }\n    title: 营业执照',
      ),
    );
    const { problems } = await readKaidianRules(dir);
    expect(problems.map((p) => p.message)).toEqual(['no "营业执照（市场主体登记）" item for goods craft × identity self']);
  });

  it('refuses option words that would be read as 取消 or 完成, and too many platforms for digits 1-9', async () => {
    const reserved = await readKaidianRules(await variant((y) => y.replace('words: [京东]', 'words: [京东, 完成]')));
    expect(reserved.problems.map((p) => p.message)).toEqual(['"完成" is reserved (取消/完成/digits) and cannot name an option']);
    const crowded = await readKaidianRules(
      await variant((y) => y.replace('    - id: xhs\n', '    - id: sn\n      label: 苏宁\n    - id: xhs\n')),
    );
    expect(crowded.problems.map((p) => p.message)).toEqual(['at most 8 options: numbered replies are the digits 1-9 (platforms.options)']);
  });
});
