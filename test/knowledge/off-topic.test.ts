import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, readKnowledgeFiles } from '../../src/knowledge/load.js';
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
