/**
 * Cuts a long reply into messages a platform accepts, at the most natural place that fits. Shared by the
 * renderers: Telegram (4,096 units) and WeChat (2,000 characters, the adapter's own cap).
 */
const SEPARATORS = ['\n\n', '\n'];

/**
 * Splits text into pieces of at most `max` UTF-16 units (at least as strict as Telegram's count), packing
 * whole paragraphs greedily; a paragraph too long for one message is split at lines, a line at a sentence.
 */
export function splitText(text: string, max: number, level = 0): string[] {
  if (text.length <= max) return text.trim() ? [text.trim()] : [];
  const sep = SEPARATORS[level];
  if (sep === undefined) return hardSplit(text, max);
  const out: string[] = [];
  let current = '';
  for (const part of text.split(sep)) {
    const pieces = part.length > max ? splitText(part, max, level + 1) : [part];
    pieces.forEach((piece, i) => {
      // Only the first piece of a part continues the text before it; the rest were split apart on purpose.
      const joined = current ? `${current}${sep}${piece}` : piece;
      if (i === 0 && joined.length <= max) {
        current = joined;
        return;
      }
      if (current.trim()) out.push(current.trim());
      current = piece;
    });
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

// A line with no room to breathe: cut after the last sentence mark or space in the second half, else at the
// limit, never inside a surrogate pair.
function hardSplit(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    if (isLowSurrogate(rest.charCodeAt(cut))) cut--;
    const window = rest.slice(0, cut);
    const soft = Math.max(...['。', '！', '？', '；', '. ', '! ', '? ', '; ', ' '].map((mark) => window.lastIndexOf(mark) + mark.length));
    if (soft > max / 2) cut = soft;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut);
  }
  if (rest.trim()) out.push(rest.trim());
  return out.filter(Boolean);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
