import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, sendJson, type HttpLimits } from '../../src/http/server.js';
import { rawRequest, slowClient, statusLine } from '../helpers/raw-http.js';
import { recordingLog } from '../helpers/runtime.js';

const raw = async (port: number, request: string) => statusLine(await rawRequest(port, request));

async function serve(limits: Partial<HttpLimits> = {}): Promise<number> {
  server = new HttpServer(recordingLog().log, limits);
  server.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { ok: true }));
  return server.listen(0, '127.0.0.1');
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

describe('HttpServer limits', () => {
  it('answers HEAD like GET, without the body', async () => {
    const port = await serve();
    const answer = await rawRequest(port, 'HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusLine(answer)).toBe('HTTP/1.1 200 OK');
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(answer.endsWith('\r\n\r\n')).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/nowhere`, { method: 'HEAD' })).status).toBe(404);
  });

  it('refuses a body longer than the cap with 413 before reading it', async () => {
    const port = await serve({ maxBodyBytes: 1000 });
    const answer = await rawRequest(port, 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\nxx');
    expect(statusLine(answer)).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('hangs up on a client that dribbles its headers (slowloris), and keeps serving others meanwhile', async () => {
    const port = await serve({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const slow = slowClient(port, 100);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // Node's default would hold it for 60 s; waiting here has a generous ceiling, the limit is what ends it.
    expect(statusLine(await slow.closed)).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('closes a connection that sends nothing at all (half-open), and an unfinished body', async () => {
    const port = await serve({ headersTimeoutMs: 1000, requestTimeoutMs: 1500 });
    const silent = connect(port, '127.0.0.1');
    silent.on('error', () => {});
    const partBody = connect(port, '127.0.0.1', () => partBody.write('POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab'));
    partBody.on('error', () => {});
    // Reading is what lets the client see the server hang up.
    await Promise.all([silent, partBody].map((socket) => new Promise((resolve) => socket.resume().on('close', resolve))));
  });
});
