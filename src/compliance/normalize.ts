import { toSimplified } from '../knowledge/traditional.js';

/** Text in matching form, with the way back to the original for every code unit. */
export interface MappedText {
  text: string;
  /** `starts[i]`/`ends[i]`: the original range the i-th code unit of `text` came from. */
  starts: number[];
  ends: number[];
}

/**
 * Puts copy in the form the rules are written in: NFKC (full-width → half-width, ① → 1), lower case,
 * common traditional characters → simplified, and no whitespace, because sellers space out banned words
 * ("最 好", "No. 1") to slip past platform filters. Character by character, so each finding can be mapped
 * back to the exact span the merchant wrote.
 *
 * @example
 * const m = mapText('ＮＯ. 1');
 * m.text // 'no.1'
 */
export function mapText(original: string): MappedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const ch of original) {
    const start = at;
    at += ch.length;
    const form = toSimplified(ch.normalize('NFKC').toLowerCase()).replace(/\s/gu, '');
    for (let i = 0; i < form.length; i++) {
      starts.push(start);
      ends.push(at);
    }
    text += form;
  }
  return { text, starts, ends };
}

/** The matching form alone, for terms written in the rules. */
export function normalizeCopy(text: string): string {
  return mapText(text).text;
}
