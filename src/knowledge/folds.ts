/**
 * Held-out folds over the knowledge base itself, for choosing settings without the labelled questions in
 * test/eval: fold k takes one alternate out of every entry (a different one per fold) and every k-th
 * off-topic example, builds on the rest, and asks what it took out. Used by scripts/cv.ts (retrieval) and
 * scripts/calibrate.ts (the decision thresholds).
 */
import type { KnowledgeFiles } from './load.js';

/** A held-out phrasing: an entry's alternate (`expect` its id) or an off-topic example (`expect` null). */
export interface HeldOut {
  q: string;
  expect: string | null;
}

export interface Fold {
  train: KnowledgeFiles;
  held: HeldOut[];
}

export function makeFolds(files: KnowledgeFiles, folds: number): Fold[] {
  return Array.from({ length: folds }, (_, k) => makeFold(files, k, folds));
}

function makeFold(files: KnowledgeFiles, fold: number, folds: number): Fold {
  const held: HeldOut[] = [];
  const entries = files.entries.map((loaded, e) => {
    const alts = loaded.entry.alternates;
    const out = (i: number) => (i + e) % folds === fold;
    for (const [i, alt] of alts.entries()) if (out(i)) held.push({ q: alt, expect: loaded.entry.id });
    return { ...loaded, entry: { ...loaded.entry, alternates: alts.filter((_, i) => !out(i)) } };
  });
  let n = 0;
  const offTopic = files.offTopic.map((topic) => ({
    ...topic,
    examples: topic.examples.filter((example) => {
      const out = n++ % folds === fold;
      if (out) held.push({ q: example, expect: null });
      return !out;
    }),
  }));
  return { train: { ...files, entries, offTopic }, held };
}
