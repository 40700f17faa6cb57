import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/knowledge/answerer.js';
import { buildAnswerer } from '../../src/knowledge/build.js';
import { loadKnowledgeFiles, type KnowledgeFiles } from '../../src/knowledge/load.js';
import { createNormalizer, type Normalizer } from '../../src/knowledge/normalize.js';

let files: KnowledgeFiles;
let answerer: Answerer;
let normalize: Normalizer;

beforeAll(async () => {
  files = await loadKnowledgeFiles('test/fixtures/knowledge');
  answerer = buildAnswerer(files, { contact: '0000' });
  normalize = createNormalizer(files.synonyms);
});

// Text a merchant could send: Chinese, ASCII, full-width forms, emoji, numerals and our domain words.
const pieces = fc.constantFrom('抖店', '抖音小店', '办照', '七天', '無理由', '退货', '？', '！', 'ＰＤＤ', '@某人 ', '😂', '👍🏻', '[捂脸]', '十五', '一百零五', ' ', 'sc', '證');
const merchantText = fc.array(fc.oneof(pieces, fc.string(), fc.string({ unit: 'grapheme' })), { maxLength: 12 }).map((parts) => parts.join(''));

describe('properties', () => {
  it('normalisation is idempotent', () => {
    fc.assert(fc.property(merchantText, (text) => normalize(normalize(text)) === normalize(text)), { numRuns: 500 });
  });

  it('ask never throws and always returns a well-formed result', () => {
    fc.assert(
      fc.property(merchantText, (text) => {
        const r = answerer.ask(text);
        expect(['answer', 'clarify', 'none']).toContain(r.outcome);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.answer.length).toBeGreaterThan(0);
        expect(r.suggestions.length).toBeLessThanOrEqual(3);
        if (r.outcome === 'answer') expect(answerer.entry(r.entryId ?? '')).toBeDefined();
        if (r.outcome === 'none') expect(r.suggestions).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
