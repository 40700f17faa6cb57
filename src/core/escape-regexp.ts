/** Text to match literally inside a regular expression (synonyms, banned terms, the bot's own name). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
