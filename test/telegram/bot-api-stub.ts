import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubCall {
  method: string;
  body: Record<string, unknown>;
  /** The test clock's time when the call arrived. */
  at: number;
}

/** A Bot API error as Telegram sends it: the HTTP status is the error code. */
export interface StubError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Accepts the message (it counts as delivered), then cuts the connection before answering. */
export const ACCEPT_THEN_RESET = 'accept-then-reset';

/**
 * A small local Bot API for the failure paths telegram-test-api cannot produce. It long-polls like Telegram
 * (getUpdates waits until an update is pushed), records every call, and answers sendMessage from `onSend`:
 * return a StubError to fail that call, ACCEPT_THEN_RESET to deliver it and cut the connection, or nothing to accept it.
 */
export class BotApiStub {
  readonly calls: StubCall[] = [];
  /** Messages the stub accepted, in order. */
  readonly delivered: { chat_id: string | number; text: string; reply_parameters?: { message_id: number }; at: number }[] = [];
  onSend: (body: Record<string, unknown>, attempt: number) => StubError | typeof ACCEPT_THEN_RESET | undefined = () => undefined;
  /** getChatMember answers, by `chatId:userId`; anything else fails like a server without the method. */
  readonly members = new Map<string, string>();
  private readonly updates: Record<string, unknown>[] = [];
  private readonly waiting = new Set<() => void>();
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private server?: Server;

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts on 127.0.0.1 and returns the apiRoot for telegraf. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Queues an update for the bot's next getUpdates; returns its update_id. */
  push(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    this.updates.push({ update_id: id, ...update });
    for (const wake of this.waiting) wake();
    return id;
  }

  callsTo(method: string): StubCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').split('/').pop() ?? '';
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const call: StubCall = { method, body, at: this.now() };
    this.calls.push(call);
    const ok = (result: unknown) => this.reply(res, 200, { ok: true, result });
    const fail = (error: StubError) => this.reply(res, error.error_code, { ok: false, ...error });
    switch (method) {
      case 'getMe':
        return ok({ id: 777, is_bot: true, first_name: 'Stub', username: 'StubBot' });
      case 'deleteWebhook':
      case 'setWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return ok(true);
      case 'getUpdates':
        return ok(await this.updatesFrom(Number(body.offset ?? 0), Number(body.timeout ?? 0), req));
      case 'getChatMember': {
        const status = this.members.get(`${body.chat_id}:${body.user_id}`);
        return status
          ? ok({ status, user: { id: body.user_id } })
          : fail({ error_code: 400, description: 'Bad Request: member not found' });
      }
      case 'sendMessage': {
        const attempt = this.calls.filter(
          (c) => c.method === 'sendMessage' && c.body.text === body.text && c.body.chat_id === body.chat_id,
        ).length;
        const error = this.onSend(body, attempt);
        if (error && error !== ACCEPT_THEN_RESET) return fail(error);
        this.delivered.push({ ...(body as { chat_id: string; text: string }), at: call.at });
        if (error === ACCEPT_THEN_RESET) return void req.socket.destroy();
        return ok({
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id), type: 'private' },
          text: body.text,
        });
      }
      default:
        return fail({ error_code: 404, description: 'Not Found: method not found' });
    }
  }

  // Long polling: confirmed updates (below offset) are dropped; with none left, wait for a push.
  private async updatesFrom(offset: number, timeoutS: number, req: IncomingMessage): Promise<unknown[]> {
    while (this.updates.length && (this.updates[0]!.update_id as number) < offset) this.updates.shift();
    if (!this.updates.length && timeoutS > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, timeoutS * 1000);
        this.waiting.add(wake);
        req.socket.once('close', wake);
      });
    }
    return this.updates.filter((u) => (u.update_id as number) >= offset);
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
