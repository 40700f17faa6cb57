/**
 * A knowledge base scaled up with plausible synthetic entries, for benchmarks. Each synthetic entry
 * recombines three real entries A, B, C under a distinct id: A's phrasings as templates with about half of
 * their content words swapped for words of B and C, half of A's answer lines followed by half of B's, and
 * one tag of each. The real entries stay, so the real eval questions still have their answers, now among
 * 1,860 distractors that share much of their vocabulary (a harder setting than 2,000 distinct topics).
 */
import type { KnowledgeFiles, LoadedEntry } from '../../src/knowledge/load.js';
import type { Entry } from '../../src/knowledge/schema.js';

// mulberry32: a small seeded generator, so every run benchmarks the same knowledge base.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const CONTENT = /^\p{Script=Han}{2,}$/u;

function words(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

export function scaleKnowledge(files: KnowledgeFiles, target: number, seed = 20261128): KnowledgeFiles {
  const real = files.entries;
  if (real.length === 0 || target <= real.length) return files;
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const donorWords = real.map(({ entry }) => [entry.question, ...entry.alternates].flatMap(words).filter((w) => CONTENT.test(w)));
  const synthetic: LoadedEntry[] = [];
  for (let i = real.length; i < target; i++) {
    const base = real[i % real.length]!.entry;
    const bIndex = Math.floor(next() * real.length);
    const cIndex = Math.floor(next() * real.length);
    const b = real[bIndex]!.entry;
    const c = real[cIndex]!.entry;
    const pool = [...donorWords[bIndex]!, ...donorWords[cIndex]!];
    if (pool.length === 0) pool.push('网店');
    const remix = (text: string) =>
      words(text)
        .map((w) => (CONTENT.test(w) && next() < 0.5 ? pick(pool) : w))
        .join('');
    const half = (text: string, first: boolean) => {
      const lines = text.split('\n');
      const cut = Math.ceil(lines.length / 2);
      return (first ? lines.slice(0, cut) : lines.slice(cut)).join('\n');
    };
    const entry: Entry = {
      ...base,
      id: `${base.id}-syn${i}`,
      question: remix(base.question),
      alternates: base.alternates.map(remix),
      answer: `${half(base.answer, true)}\n${half(b.answer, false)}`.trim(),
      tags: [base.tags[0], b.tags[0], c.tags[0]].filter((t): t is string => t !== undefined),
      related: [],
    };
    delete entry.detail;
    delete entry.en;
    synthetic.push({ entry, file: 'synthetic', line: i });
  }
  return { ...files, entries: [...real, ...synthetic] };
}
