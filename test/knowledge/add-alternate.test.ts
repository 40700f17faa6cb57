import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { addAlternate } from '../../src/knowledge/learning/add-alternate.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { learningKnowledge } from './learning-fixture.js';

const noLint = async () => ({ problems: [] });

/** `edited` without line `line` (1-based). */
const without = (edited: string, line: number) => edited.split('\n').filter((_, i) => i !== line - 1).join('\n');

describe('addAlternate', () => {
  it('adds one line to the entry\'s alternates, keeping comments and every other byte, and the lint passes', async () => {
    const dir = await learningKnowledge();
    const file = path.join(dir, 'faq', 'advertising.yaml');
    const before = await readFile(file, 'utf8');
    const result = await addAlternate(dir, 'ad-copy-self-check', '上架前文案咋自己查一遍');
    expect(result).toMatchObject({ status: 'added', file: 'knowledge/faq/advertising.yaml' });
    const { line } = result as { line: number };
    const after = await readFile(file, 'utf8');
    const lines = after.split('\n');
    // At the end of the entry's list: after its last alternate, before its next key.
    expect(lines.slice(line - 2, line + 1)).toEqual([before.split('\n')[line - 2], '    - 上架前文案咋自己查一遍', '  answer: |']);
    expect(lines[line - 2]).toMatch(/^ {4}- /);
    expect(without(after, line)).toBe(before);
    expect(after.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(6);
    const entry = (await readKnowledgeFiles(dir)).entries.find((e) => e.entry.id === 'ad-copy-self-check')!.entry;
    expect(entry.alternates.at(-1)).toBe('上架前文案咋自己查一遍');
  });

  it('prints every entry of a file back as it was (a trailing blank line too), one line added', async () => {
    const dir = await learningKnowledge();
    const file = path.join(dir, 'faq', 'bot.yaml');
    const ids = (parseDocument(await readFile(file, 'utf8')).toJS() as { id: string }[]).map((e) => e.id);
    for (const id of ids) {
      const before = await readFile(file, 'utf8');
      const result = await addAlternate(dir, id, `${id} 的新说法`, { lint: noLint });
      expect(result.status).toBe('added');
      expect(without(await readFile(file, 'utf8'), (result as { line: number }).line)).toBe(before);
    }
  });

  it('puts a phrasing without Chinese into the English alternates, creating the list after the question if need be', async () => {
    const dir = await learningKnowledge();
    const en = await addAlternate(dir, 'ad-absolute-terms', 'can I write "best" in my title');
    expect(en.status).toBe('added');
    const entry = (await readKnowledgeFiles(dir)).entries.find((e) => e.entry.id === 'ad-absolute-terms')!.entry;
    expect(entry.en?.alternates.at(-1)).toBe('can I write "best" in my title');

    const file = path.join(dir, 'faq', 'zz-fair-stall-fees.yaml');
    const english = '  en:\n    question: How much is a stall at the spring fair?\n    answer: 200 yuan a stall.\n';
    await writeFile(file, (await readFile(file, 'utf8')).replace('  reviewed: 2026-11-28\n', `  reviewed: 2026-11-28\n${english}`), 'utf8');
    const before = await readFile(file, 'utf8');
    const added = await addAlternate(dir, 'fair-spring-stall-fee', 'spring fair stall fee');
    expect(added.status).toBe('added');
    const after = (await readFile(file, 'utf8')).split('\n');
    const at = after.indexOf('    question: How much is a stall at the spring fair?');
    expect(after.slice(at, at + 4)).toEqual(['    question: How much is a stall at the spring fair?', '    alternates:', '      - spring fair stall fee', '    answer: 200 yuan a stall.']);
    expect(after.filter((_, i) => i !== at + 1 && i !== at + 2).join('\n')).toBe(before);
  });

  it('refuses a phrasing the lint rejects (another entry\'s alternate) and leaves the file byte for byte', async () => {
    const dir = await learningKnowledge();
    const file = path.join(dir, 'faq', 'advertising.yaml');
    const before = await readFile(file);
    const result = await addAlternate(dir, 'ad-copy-self-check', '极限词有哪些不能用');
    expect(result.status).toBe('refused');
    expect((result as { problems: { message: string }[] }).problems.map((p) => p.message)).toContainEqual(expect.stringContaining('phrasing "极限词有哪些不能用"'));
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it('refuses when the lint fails for any reason, writing nothing', async () => {
    const dir = await learningKnowledge();
    const file = path.join(dir, 'faq', 'bot.yaml');
    const before = await readFile(file);
    const seen: string[] = [];
    const failing = async (copy: string) => {
      // The lint sees the edited text, in a copy named like the real folder.
      seen.push(path.basename(copy), await readFile(path.join(copy, 'faq', 'bot.yaml'), 'utf8'));
      return { problems: [{ file: 'knowledge/faq/bot.yaml', line: 5, message: 'injected failure' }] };
    };
    expect(await addAlternate(dir, 'bot-what-can-it-do', '你会干啥', { lint: failing })).toEqual({ status: 'refused', problems: [{ file: 'knowledge/faq/bot.yaml', line: 5, message: 'injected failure' }] });
    expect(seen[0]).toBe('knowledge');
    expect(seen[1]).toContain('    - 你会干啥\n');
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it('says so for an entry that is not there', async () => {
    expect(await addAlternate(await learningKnowledge(), 'no-such-entry', '随便问问')).toEqual({ status: 'missing' });
  });
});
