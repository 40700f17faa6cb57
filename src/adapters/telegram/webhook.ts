import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import { DEFAULT_HTTP_LIMITS, sendJson, type RouteHandler } from '../../http/server.js';
import { readBody } from '../../http/read-body.js';
import { RecentIds } from '../recent-ids.js';

/** The header Telegram sends with every webhook call when setWebhook was given a secret_token. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

// Updates are small; a bigger body is not from Telegram. The server refuses a longer Content-Length; this also
// bounds a chunked body, which announces no length.
const MAX_BODY_BYTES = DEFAULT_HTTP_LIMITS.maxBodyBytes;
const UpdateIdSchema = z.object({ update_id: z.number().int() });

/** A secret Telegram accepts (1-256 of A-Z a-z 0-9 _ -), derived from the bot token when none is configured. */
export function deriveWebhookSecret(token: string): string {
  return createHash('sha256').update(`telegram-webhook:${token}`).digest('hex');
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  // Hash both so the comparison takes the same time whatever the lengths.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface WebhookOptions {
  secret: string;
  /** Takes an update for processing; must not wait for the answer (Telegram wants a quick 200). */
  onUpdate(update: unknown): void;
  /** Claims an update_id across every process behind the webhook URL; false when another process has it. */
  claim?: (updateId: number) => Promise<boolean>;
  log: Logger;
}

/**
 * The route Telegram posts updates to. Checks the secret-token header, answers 200 at once (a slow answer
 * makes Telegram send the update again), and hands each update_id over only once, across processes with `claim`.
 */
export function webhookHandler(options: WebhookOptions): RouteHandler {
  const seen = new RecentIds<number>();
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!sameSecret(req.headers[SECRET_HEADER], options.secret)) {
      options.log.warn({ from: req.socket.remoteAddress }, 'telegram webhook: wrong or missing secret token; request refused');
      sendJson(res, 401, { error: 'unauthorized' });
      return;
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) {
      sendJson(res, 413, { error: 'body too large' });
      return;
    }
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      update = undefined;
    }
    const parsed = UpdateIdSchema.safeParse(update);
    if (!parsed.success) {
      sendJson(res, 400, { error: 'not a Telegram update' });
      return;
    }
    sendJson(res, 200, {});
    const id = parsed.data.update_id;
    if (!seen.add(id, true)) {
      options.log.debug({ update: id }, 'telegram webhook: repeated update ignored');
      return;
    }
    // A store that cannot be asked does not cost the user the answer: handled here, at worst twice.
    const first = await (options.claim?.(id) ?? Promise.resolve(true)).catch((err: unknown) => {
      options.log.warn({ err, update: id }, 'telegram webhook: cannot record the update in the store; handling it here');
      return true;
    });
    if (!first) {
      options.log.debug({ update: id }, 'telegram webhook: update taken by another bot process');
      return;
    }
    options.onUpdate(update);
  };
}
