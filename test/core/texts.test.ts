import { describe, expect, it } from 'vitest';
import { localeFor } from '../../src/core/texts.js';

describe('localeFor', () => {
  it("follows the user's app language when the bot speaks it, else the bot's own", () => {
    expect(localeFor('en-GB', 'zh-CN')).toBe('en');
    expect(localeFor('zh-hans', 'en')).toBe('zh-CN');
    expect(localeFor('ru', 'en')).toBe('en');
    expect(localeFor('ru', 'zh-CN')).toBe('zh-CN');
    expect(localeFor(undefined, 'en')).toBe('en');
  });
});
