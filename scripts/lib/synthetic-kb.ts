/**
 * A knowledge base scaled up with plausible synthetic entries, for benchmarks. Each synthetic entry
 * recombines three real entries A, B, C under a distinct id: A's phrasings and answer as sentence templates
 * whose content words (two or more Chinese characters) are all replaced by words of B and C, the same
 * replacement everywhere in the entry, and a tag of each of B and C. The real entries stay, so the real eval
 * questions still have their answers, now among 1,859 distractors written in the same style and vocabulary
 * (each real entry's words spread over ~26 of them), none a copy of a real entry.
 *
 * Two earlier designs measured ties instead of ranking. Swapping half the words independently per phrasing
 * (and keeping A's tag and half its answer) left each copy holding nearly every word of A: 13 near-duplicates
 * per real entry, which a real knowledge base would merge (answerer ×0.94 of MiniSearch's rank-1). Swapping
 * half of A's words consistently left ~1 in 8 copies with every word of a 3-word question: exact or near
 * ties with the original, settled by length normalisation or insertion order (×0.68). With every content word
 * replaced the ranking decides (×1.07; see the closing notes of 2026-11-28).
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
    const swap = new Map<string, string>();
    const remix = (text: string) =>
      words(text)
        .map((w) => {
          if (!CONTENT.test(w)) return w;
          if (!swap.has(w)) swap.set(w, pick(pool));
          return swap.get(w)!;
        })
        .join('');
    const entry: Entry = {
      ...base,
      id: `${base.id}-syn${i}`,
      question: remix(base.question),
      alternates: base.alternates.map(remix),
      answer: remix(base.answer),
      tags: [b.tags[0], c.tags[0]].filter((t): t is string => t !== undefined),
      related: [],
    };
    delete entry.detail;
    delete entry.en;
    synthetic.push({ entry, file: 'synthetic', line: i });
  }
  return { ...files, entries: [...real, ...synthetic] };
}
