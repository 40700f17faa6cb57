/**
 * Text normalisation shared by the index and the questions, so both sides meet in one form:
 * NFKC (full-width → half-width), lower case, common traditional → simplified characters, counting
 * numerals → digits (七天 → 7天), no emoji, no WeChat sticker codes ([捂脸]), no @mentions, punctuation as
 * spaces, then the domain synonyms mapped to their canonical term, longest first (抖店 → 抖音小店).
 *
 * @example
 * const normalize = createNormalizer(files.synonyms);
 * normalize('@小助手 抖店要啥證？？😂') // → '抖音小店要啥证'
 */
import { convertChineseNumerals } from './numerals.js';
import type { SynonymFile } from './schema.js';
import { toSimplified } from './traditional.js';
import { escapeRegExp } from '../core/escape-regexp.js';

// Pictographs with their modifiers (skin tones, ZWJ sequences, variation selectors, keycaps, flags).
// Alternatives, not one character class: modifiers and joiners inside a class confuse readers (eslint no-misleading-character-class).
const EMOJI = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|[\u{1F1E6}-\u{1F1FF}]|\u{FE0E}|\u{FE0F}|\u{200D}|\u{20E3}/gu;
// WeChat and QQ insert stickers as short bracketed names: [微笑] [捂脸] [强].
const STICKER = /\[[\p{Script=Han}a-z]{1,4}\]/gu;
// WeChat ends a mention with U+2005 (read before NFKC turns it into a space): @昵称\u2005 wherever it stands.
const WECHAT_MENTION = /@[^@\u2005\n]{1,30}\u2005/gu;
// Elsewhere a mention stands apart: after the start or a space, before a space or the end (@bot 怎么开店). An @
// inside text (卖蜂蜜@你要办什么证, abc@qq.com) is not one: only the @ goes, as punctuation.
const MENTION = /(?<=^|\s)@[^\s@\p{P}]{1,30}(?=[\s\p{P}]|$)/gu;
const PUNCTUATION = /[\p{P}\p{S}\p{Cc}\p{Cf}]+/gu;
const SPACES = /\s+/gu;
const ASCII_WORD = /^[a-z0-9 ]+$/u;

/** Normalises without synonyms: the form in which synonym variants themselves are compared. */
export function normalizeBase(text: string): string {
  let s = text.replace(WECHAT_MENTION, ' ').normalize('NFKC').toLowerCase().normalize('NFKC');
  s = s.replace(MENTION, ' ').replace(STICKER, ' ').replace(EMOJI, '');
  s = toSimplified(s);
  // Keep % (打七折 = 30%), everything else that is not a letter, digit or space separates words.
  s = s.replace(PUNCTUATION, (m) => (m.includes('%') ? ' % ' : ' '));
  return convertChineseNumerals(s).replace(SPACES, ' ').trim();
}


/** Replaces synonym variants by their canonical term; one pass, longest variant first, ASCII variants as whole words. */
export class SynonymMapper {
  private readonly pattern: RegExp | undefined;
  private readonly canonicalOf = new Map<string, string>();

  constructor(terms: SynonymFile['terms']) {
    for (const term of terms) {
      const canonical = normalizeBase(term.canonical);
      if (!canonical) continue;
      // The canonical maps to itself so that a longer canonical is never eaten by a shorter variant.
      this.add(canonical, canonical);
      for (const variant of term.variants) this.add(normalizeBase(variant), canonical);
    }
    const keys = [...this.canonicalOf.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
    if (keys.length === 0) return;
    const alternatives = keys.map((k) => (ASCII_WORD.test(k) ? `(?<![a-z0-9])${escapeRegExp(k)}(?![a-z0-9])` : escapeRegExp(k)));
    this.pattern = new RegExp(alternatives.join('|'), 'gu');
  }

  private add(variant: string, canonical: string): void {
    // A one-character Chinese variant (照 for 营业执照) would also rewrite 照片, 护照: ignored on purpose.
    if (!variant || (Array.from(variant).length < 2 && !ASCII_WORD.test(variant))) return;
    if (!this.canonicalOf.has(variant)) this.canonicalOf.set(variant, canonical);
  }

  /** Canonical terms, for the segmenter's dictionary. */
  canonicalTerms(): string[] {
    return [...new Set(this.canonicalOf.values())];
  }

  apply(normalized: string): string {
    if (!this.pattern) return normalized;
    return normalized.replace(this.pattern, (m) => this.canonicalOf.get(m) ?? m);
  }
}

/** A normaliser bound to one synonym file: base normalisation, then synonyms. */
export type Normalizer = ((text: string) => string) & { readonly synonyms: SynonymMapper };

export function createNormalizer(synonyms: SynonymFile): Normalizer {
  const mapper = new SynonymMapper(synonyms.terms);
  const normalize = (text: string) => mapper.apply(normalizeBase(text));
  return Object.assign(normalize, { synonyms: mapper });
}
