import { describe, expect, it } from 'vitest';
import { CallbackCodec, MAX_CALLBACK_BYTES } from '../../src/adapters/telegram/callback-data.js';

describe('CallbackCodec', () => {
  it('carries a short action inside the button and reads it back', () => {
    const codec = new CallbackCodec();
    const data = codec.encode('/answer food-sc-license');
    expect(data).toBe('a:/answer food-sc-license');
    expect(codec.decode(data)).toBe('/answer food-sc-license');
  });

  it('keeps a long or multi-byte action behind a short token, within 64 bytes', () => {
    const codec = new CallbackCodec();
    for (const action of ['/answer ' + 'x'.repeat(80), '/ask 卖自家种的橘子要不要办营业执照和食品经营许可证']) {
      const data = codec.encode(action);
      expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
      expect(data.startsWith('t:')).toBe(true);
      expect(codec.decode(data)).toBe(action);
    }
  });

  it('forgets tokens after their time, and the oldest when there are too many', () => {
    let now = 0;
    const codec = new CallbackCodec({ ttlMs: 1000, maxTokens: 2, now: () => now });
    const long = (n: number) => `/ask ${'问'.repeat(30)}${n}`;
    const first = codec.encode(long(1));
    now = 999;
    expect(codec.decode(first)).toBe(long(1));
    now = 1000;
    expect(codec.decode(first)).toBeUndefined();
    const [a, b, c] = [codec.encode(long(2)), codec.encode(long(3)), codec.encode(long(4))];
    expect(codec.decode(a)).toBeUndefined();
    expect([codec.decode(b), codec.decode(c)]).toEqual([long(3), long(4)]);
  });

  it.each([undefined, '', 'a:', 't:nosuchtoken', 'hello', '{"cmd":"rm -rf"}'])('decodes forged or stale data %j to undefined', (data) => {
    expect(new CallbackCodec().decode(data)).toBeUndefined();
  });
});
