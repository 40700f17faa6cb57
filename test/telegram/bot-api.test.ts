import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { BotApi, neverLeft } from '../../src/adapters/telegram/bot-api.js';

describe('BotApi', () => {
  it('abandons a call the server never answers after its own timeout, not telegraf’s 500 s, as "may have arrived"', async () => {
    // Accepts the request and never answers: a stalled connection.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const api = new BotApi(new Telegraf('123456:stall-token-000000000000000000', { telegram: { apiRoot } }), 300);
      const error = await api.call('sendMessage', { chat_id: 1, text: 'hi' }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(Error);
      expect(neverLeft(error)).toBe(false);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('tells a connection never made from one that broke after the request left', () => {
    expect(neverLeft(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(neverLeft(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }))).toBe(true);
    expect(neverLeft(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(false);
    expect(neverLeft(new Error('The operation was aborted due to timeout'))).toBe(false);
  });
});
