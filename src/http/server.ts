import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from '../core/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** What one client may hold of the server: how long, and how much. The README states these. */
export interface HttpLimits {
  /** All headers must arrive within this (a client that dribbles them, slowloris, gets 408 and is closed). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection silent this long is closed, whatever state it is in. */
  idleTimeoutMs: number;
  /** A request announcing a longer body gets 413 without being read; parsed bodies are held to it too. */
  maxBodyBytes: number;
  /** Connections beyond this are refused, so slow clients cannot take every file descriptor the data files need. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxBodyBytes: 1024 * 1024,
  maxConnections: 256,
};

/**
 * The bot's HTTP server (health, calendar feed, platform webhooks, the staff console) on Fastify. Features and
 * adapters add raw routes (Node's request and response, as platform webhooks want them) or Fastify plugins
 * before it starts; unknown paths get 404, a throwing handler 500 and a log line, a request that is no URL 400.
 * Whatever a request does, it ends that response, never the process.
 */
export class HttpServer {
  readonly app: FastifyInstance;
  private readonly raw: { method: string; path: string; handler: RouteHandler }[] = [];
  private readonly plugins: { plugin: FastifyPluginAsync; prefix?: string }[] = [];

  constructor(
    private readonly log: Logger,
    limits: Partial<HttpLimits> = {},
  ) {
    const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, idleTimeoutMs, maxBodyBytes, maxConnections } = {
      ...DEFAULT_HTTP_LIMITS,
      ...limits,
    };
    this.app = Fastify({
      // Our own log lines (pino, stderr) name what went wrong; Fastify's per-request lines would only add noise.
      logger: false,
      // Slow and half-open clients do not hold a connection for Node's defaults. Node checks the header and request
      // deadlines on connectionsCheckingInterval; its 30 s default would let a slow client stay that much longer.
      http: { headersTimeout: headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, headersTimeoutMs) },
      connectionTimeout: idleTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      bodyLimit: maxBodyBytes,
      return503OnClosing: true,
    });
    this.app.server.maxConnections = maxConnections;
    // Raw routes read their own body; a body announced longer than the limit is refused before anyone reads it.
    this.app.addHook('onRequest', async (request, reply) => {
      if (Number(request.headers['content-length']) > maxBodyBytes) {
        // Unread, the body would be drained after the answer: close instead.
        void reply.header('connection', 'close').code(413).send({ error: 'body too large' });
      }
    });
    this.app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) this.log.error({ err, method: request.method, url: request.url }, 'http handler failed');
      void reply.code(status).send({ error: status >= 500 ? 'internal error' : err.message });
    });
    this.app.setNotFoundHandler((_request, reply) => void reply.code(404).send({ error: 'not found' }));
  }

  /** A raw route: the handler gets Node's request (body unread) and response, as platform webhooks expect. */
  route(method: string, path: string, handler: RouteHandler): void {
    this.raw.push({ method: method.toUpperCase(), path, handler });
  }

  /** A Fastify plugin (the staff console), mounted under `prefix`. */
  register(plugin: FastifyPluginAsync, prefix?: string): void {
    this.plugins.push({ plugin, prefix });
  }

  /** Starts listening; resolves with the bound port (useful when asked for port 0 in tests). */
  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const { app, raw, log } = this;
    // Raw routes live in their own context whose only body parser leaves the stream unread for the handler.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      for (const { method, path, handler } of raw) {
        scope.route({
          method: method as 'GET',
          url: path,
          handler: async (request, reply) => {
            reply.hijack();
            try {
              await handler(request.raw, reply.raw);
            } catch (err) {
              log.error({ err, method, path }, 'http handler failed');
              if (!reply.raw.headersSent) sendJson(reply.raw, 500, { error: 'internal error' });
              else reply.raw.end();
            }
          },
        });
      }
    });
    for (const { plugin, prefix } of this.plugins) await app.register(plugin, { prefix });
    await app.listen({ port, host });
    const address = app.server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    log.info({ port: bound, host }, 'http server listening');
    return bound;
  }

  async close(): Promise<void> {
    if (!this.app.server.listening) return;
    this.app.server.closeAllConnections();
    await this.app.close();
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
