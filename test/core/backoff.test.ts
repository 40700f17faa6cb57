import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/core/backoff.js';

describe('backoffMs', () => {
  it('starts at the base, doubles per failure and stops at the cap', () => {
    const limits = { baseMs: 1000, maxMs: 5000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffMs(n, limits))).toEqual([1000, 1000, 2000, 4000, 5000, 5000]);
  });
});
