import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from '../core/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

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

  constructor(private readonly log: Logger) {
    this.app = Fastify({
      // Our own log lines (pino, stderr) name what went wrong; Fastify's per-request lines would only add noise.
      logger: false,
      // Slow and half-open clients do not hold a connection for Node's defaults.
      connectionTimeout: 60_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      bodyLimit: 1024 * 1024,
      return503OnClosing: true,
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
