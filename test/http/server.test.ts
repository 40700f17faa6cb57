import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, sendJson } from '../../src/http/server.js';
import { recordingLog } from '../helpers/runtime.js';

/** Sends raw bytes (what no HTTP client would send) and resolves with the status line of the answer, if any. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HttpServer', () => {
  it('answers 4xx to request targets that are no URL, and keeps serving', async () => {
    const { log } = recordingLog();
    server = new HttpServer(log);
    server.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { ok: true }));
    const port = await server.listen(0, '127.0.0.1');
    for (const target of ['//[', 'http://[', 'http://a:99999/']) {
      expect(await raw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('logs a handler that throws before or after its headers left, and keeps serving', async () => {
    const { log, lines } = recordingLog();
    server = new HttpServer(log);
    server.route('GET', '/before', () => {
      throw new Error('boom');
    });
    server.route('GET', '/after', async (_req, res) => {
      res.writeHead(200);
      res.write('half');
      throw new Error('late boom');
    });
    server.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { ok: true }));
    const port = await server.listen(0, '127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/before`)).status).toBe(500);
    expect(await (await fetch(`http://127.0.0.1:${port}/after`)).text()).toBe('half');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(lines.filter((l) => l.msg === 'http handler failed')).toHaveLength(2);
  });
});
