import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { rawRequest, slowClient, statusLine } from '../helpers/raw-http.js';

// The real `npm start` process: a request that kills it, or leaves it unable to answer, fails here.
let bot: BotProcess;
beforeAll(async () => {
  bot = await startBotProcess();
});
afterAll(() => {
  bot?.child.kill('SIGKILL');
});

async function stillServing(): Promise<void> {
  expect(bot.child.exitCode, bot.output()).toBeNull();
  const health = await fetch(`${bot.base}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true });
}

const hostile = fc.constantFrom(
  '//[',
  'http://[',
  'http://a:99999/',
  '/%',
  '/%zz',
  '/\u0000',
  '/../../etc/passwd',
  '*',
  '/healthz?%',
  '/events.ics#x',
  '/' + 'a'.repeat(20_000),
  '/\u202e\ud800',
  '',
);
const target = fc.oneof(hostile, fc.string({ maxLength: 200 }), fc.webUrl(), fc.webPath(), fc.constantFrom('/healthz', '/events.ics'));
// Mostly well-formed around the hostile part, so that requests get past node's parser to the bot's own code.
const method = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE'), weight: 8 },
  { arbitrary: fc.constantFrom('get', ''), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);
const version = fc.oneof(
  { arbitrary: fc.constant('HTTP/1.1'), weight: 6 },
  { arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'HTTP/1.1 extra', ''), weight: 1 },
);
const headerName = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), weight: 5 },
  { arbitrary: fc.constantFrom('Content-Length', 'Transfer-Encoding', 'Connection', 'Expect', 'Host'), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
);
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constantFrom('-1', '1e9', 'chunked', '100-continue', 'close', '18446744073709551616'),
  fc.string({ maxLength: 60 }),
);
const header = fc.tuple(headerName, headerValue);
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 2000 }), fc.constantFrom('0\r\n\r\n', 'zz\r\nxx\r\n', '{"update_id": 1}'));

describe('HTTP fuzz against the running bot', () => {
  it('survives malformed request lines, targets, headers and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, version, fc.array(header, { maxLength: 6 }), body, async (m, t, v, headers, b) => {
        const request = `${m} ${t} ${v}\r\nHost: x\r\n${headers.map(([k, value]) => `${k}: ${value}\r\n`).join('')}\r\n${b}`;
        await rawRequest(bot.port, request, 5_000);
      }),
      { numRuns: 200 },
    );
    await stillServing();
  });

  it('refuses huge headers (431) and big bodies (413), and keeps serving', async () => {
    const huge = await rawRequest(bot.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`);
    expect(statusLine(huge)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    const many = Array.from({ length: 5000 }, (_, i) => `X-${i}: ${i}`).join('\r\n');
    expect(statusLine(await rawRequest(bot.port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${many}\r\n\r\n`))).toMatch(/^HTTP\/1\.1 4\d\d /);
    // The answer comes before the body is read: the client sends only its start (the rest would meet a closed socket).
    const announced = await rawRequest(
      bot.port,
      `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n${'x'.repeat(1000)}`,
    );
    expect(statusLine(announced)).toBe('HTTP/1.1 413 Payload Too Large');
    const chunked = Buffer.concat([
      Buffer.from('POST /events.ics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'),
      ...Array.from({ length: 64 }, () => Buffer.from(`10000\r\n${'y'.repeat(0x10000)}\r\n`)),
      Buffer.from('0\r\n\r\n'),
    ]);
    expect(statusLine(await rawRequest(bot.port, chunked))).toBe('HTTP/1.1 404 Not Found');
    await stillServing();
  });

  it('answers HEAD like GET without a body', async () => {
    for (const path of ['/healthz', '/events.ics']) {
      const [head, get] = [await fetch(`${bot.base}${path}`, { method: 'HEAD' }), await fetch(`${bot.base}${path}`)];
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(await head.text()).toBe('');
    }
  });

  it('keeps answering while slow clients hold connections open (slowloris)', async () => {
    const slow = Array.from({ length: 30 }, () => slowClient(bot.port, 500));
    try {
      for (let i = 0; i < 5; i++) await stillServing();
    } finally {
      for (const client of slow) client.stop();
    }
    await stillServing();
  });
});
