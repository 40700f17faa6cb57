/**
 * Per-word work on the question path (stems, characters, coverage plans, known parts) is pure and merchants
 * reuse their words, so it is computed once per word. Bounded: past `limit` words the memo starts over, so a
 * long-running bot fed varied text never grows without end.
 *
 * @example
 * const stem = memoize((w: string) => stemEnglish(w));
 * stem('licences'); // computed; the next call with 'licences' is a lookup
 */
export function memoize<V>(make: (key: string) => V, limit = 10_000): (key: string) => V {
  const memo = new Map<string, V>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) {
      value = make(key);
      if (memo.size >= limit) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}
