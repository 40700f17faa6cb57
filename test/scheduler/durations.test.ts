import { describe, expect, it } from 'vitest';
import { EnvSchema } from '../../src/config/schema.js';
import { loadConfig } from '../../src/config/load.js';
import { formatSpan, graceFor, offsetLabel, parseDuration, parseOffsets, reminderInstant } from '../../src/scheduler/durations.js';

const offset = (text: string) => parseDuration(text)!;

describe('reminder offsets', () => {
  it('parses BOT_REMINDER_OFFSETS longest first, without duplicates', () => {
    const parsed = parseOffsets('2h, 7d,1d,1d');
    expect(Array.isArray(parsed) && parsed.map((o) => o.text)).toEqual(['7d', '1d', '2h']);
    expect(parseOffsets('30m')).toMatchObject([{ days: 0, minutes: 30, ms: 1_800_000 }]);
    expect(parseOffsets('1d12h')).toMatchObject([{ days: 1, minutes: 720 }]);
    expect(parseOffsets('1w')).toMatchObject([{ days: 7 }]);
    expect(parseOffsets('')).toEqual([]);
  });

  it('names the bad piece', () => {
    expect(parseOffsets('7d,2x')).toBe('"2x" is not a duration like 7d, 1d, 2h or 30m');
    expect(parseOffsets('0h')).toContain('"0h"');
    expect(parseOffsets('400d')).toContain('longer than a year');
  });

  it('rejects a bad value in the environment with one line naming the variable', () => {
    expect(() => loadConfig({ BOT_REMINDER_OFFSETS: '7d,soon' }, '/nonexistent')).toThrow(
      /^BOT_REMINDER_OFFSETS "soon" is not a duration.*\(got "7d,soon"\)$/,
    );
    expect(EnvSchema.parse({}).BOT_REMINDER_OFFSETS).toBe('7d,1d,2h');
    expect(() => loadConfig({ BOT_PUBLIC_URL: 'bot.example.com' }, '/nonexistent')).toThrow(/^BOT_PUBLIC_URL/);
  });

  it('gives a quarter of the offset as grace, between 30 minutes and 12 hours', () => {
    const h = 3600_000;
    expect(graceFor(offset('7d'))).toBe(12 * h);
    expect(graceFor(offset('1d'))).toBe(6 * h);
    expect(graceFor(offset('2h'))).toBe(0.5 * h);
    expect(graceFor(offset('30m'))).toBe(0.5 * h);
  });

  it('takes days off the local calendar, so the wall time holds across a DST change', () => {
    const zone = 'America/New_York';
    const start = '2026-03-09T13:00:00.000Z'; // 09:00 EDT
    expect(reminderInstant(start, offset('7d'), zone).toISOString()).toBe('2026-03-02T14:00:00.000Z'); // 09:00 EST
    expect(reminderInstant(start, offset('1d'), zone).toISOString()).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT
    expect(reminderInstant(start, offset('2h'), zone).toISOString()).toBe('2026-03-09T11:00:00.000Z');
    // Autumn: clocks go back early on 1 Nov. 09:00 EST that day; 1 day before is 09:00 EDT, 25 hours earlier.
    expect(reminderInstant('2026-11-01T14:00:00.000Z', offset('1d'), zone).toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(reminderInstant('2026-12-10T01:00:00.000Z', offset('1d12h'), 'Asia/Shanghai').toISOString()).toBe('2026-12-08T13:00:00.000Z');
  });

  it('reads in Chinese', () => {
    expect(offsetLabel(offset('1d12h'), 'zh-CN')).toBe('1天12小时');
    expect(offsetLabel(offset('90m'), 'zh-CN')).toBe('1小时30分钟');
    expect(offsetLabel(offset('1d12h'), 'en')).toBe('1 d 12 h');
    expect(offsetLabel(offset('1d90m'), 'en')).toBe('1 d 1 h 30 min');
    expect(formatSpan(26 * 3600_000, 'zh-CN')).toBe('1天2小时');
    expect(formatSpan(26 * 3600_000, 'en')).toBe('1 d 2 h');
    expect(formatSpan(45 * 60_000, 'zh-CN')).toBe('45分钟');
    expect(formatSpan(1500, 'zh-CN')).toBe('2秒');
  });
});
