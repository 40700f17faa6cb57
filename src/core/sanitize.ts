/** Longest message text any handler sees; longer input is cut (a paste of a whole detail page is still fine). */
export const MAX_TEXT_LENGTH = 2000;

// C0/C1 controls except tab and newline, zero-width characters, bidi overrides and the BOM: invisible
// characters that break command matching and can disguise text.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Cleans user text before any handler sees it: invisible characters out, CRLF folded, trimmed, capped. */
export function sanitizeText(raw: string, max = MAX_TEXT_LENGTH): string {
  const cleaned = raw.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').trim();
  return [...cleaned].slice(0, max).join('').trim();
}
