import { describe, expect, it } from 'vitest';
import { memoize } from '../../src/knowledge/memo.js';

describe('memoize', () => {
  it('computes once per key and starts over past its limit', () => {
    const made: string[] = [];
    const upper = memoize((k) => (made.push(k), k.toUpperCase()), 2);
    expect([upper('a'), upper('a'), upper('b')]).toEqual(['A', 'A', 'B']);
    expect(made).toEqual(['a', 'b']);
    upper('c'); // the memo was full: it starts over with c
    upper('a');
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });
});
