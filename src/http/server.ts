import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../core/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * The bot's small HTTP server (health, Telegram webhook, calendar feed). Features and adapters add routes
 * before it starts; unknown paths get 404, a throwing handler gets 500 and a log line.
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server?: Server;

  constructor(private readonly log: Logger) {}

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** Starts listening; resolves with the bound port (useful when asked for port 0 in tests). */
  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    // One boundary per request: whatever a request holds (a URL that does not parse, a handler that throws after
    // the headers left), it ends that response, never the process.
    const server = createServer((req, res) => {
      this.dispatch(req, res).catch((err: unknown) => this.fail(err, req, res));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    this.log.info({ port: bound }, 'http server listening');
    return bound;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    if (path === undefined) {
      sendJson(res, 400, { error: 'bad request' });
      return;
    }
    const handler = this.routes.get(`${req.method} ${path}`);
    if (!handler) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    await handler(req, res);
  }

  private fail(err: unknown, req: IncomingMessage, res: ServerResponse): void {
    this.log.error({ err, method: req.method, url: req.url }, 'http handler failed');
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.end();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The path of a request target, or undefined when it is no URL at all (`//[`, `http://a:99999/`). */
function pathOf(target: string | undefined): string | undefined {
  return URL.canParse(target ?? '/', 'http://localhost') ? new URL(target ?? '/', 'http://localhost').pathname : undefined;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
