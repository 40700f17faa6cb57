import path from 'node:path';
import type { Telegraf } from 'telegraf';

export { freePort, waitFor } from '../helpers/wait.js';

export const KNOWLEDGE_DIR = path.join(import.meta.dirname, 'fixtures', 'knowledge');

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  error?: string;
}

/** Records every Bot API call the bot makes through this Telegraf instance, and how it ended. */
export function recordCalls(telegraf: Telegraf): ApiCall[] {
  const calls: ApiCall[] = [];
  const telegram = telegraf.telegram;
  const original = telegram.callApi.bind(telegram);
  telegram.callApi = (async (method, payload, options) => {
    const call: ApiCall = { method, payload: payload as Record<string, unknown> };
    calls.push(call);
    try {
      return await original(method, payload, options);
    } catch (err) {
      call.error = String(err);
      throw err;
    }
  }) as typeof telegram.callApi;
  return calls;
}

/**
 * What a Telegram client shows for HTML the bot sent: our only tag (b) removed, the four entities decoded.
 * Throws on anything else, so a stray "<" or an unknown entity fails the test the way Telegram would reject it.
 */
export function visibleText(html: string): string {
  const bare = html.replace(/<\/?b>/g, '');
  if (/[<>]/.test(bare)) throw new Error(`unescaped angle bracket in ${JSON.stringify(html.slice(0, 120))}`);
  return bare.replace(/&(amp|lt|gt|quot|[^;]*);/g, (_, name: string) => {
    const decoded = { amp: '&', lt: '<', gt: '>', quot: '"' }[name];
    if (decoded === undefined) throw new Error(`unknown entity &${name};`);
    return decoded;
  });
}

/** Polls until `done` holds, yielding to I/O between tries; fails after `timeoutMs` with `what`. */
