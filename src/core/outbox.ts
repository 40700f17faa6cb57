import type { Adapter, SendOptions, SendOutcome } from './adapter.js';
import type { ChatDirectory } from './chat-directory.js';
import type { Logger } from './logger.js';
import type { Reply } from './message.js';
import { splitKey } from './identity.js';

/** How features push messages to chats (announcements, reminders, reports) without knowing any adapter. */
export interface Outbox {
  /** Sends to `platform:chatId`. Never throws; a chat found gone is deactivated before this resolves. */
  send(chatKey: string, reply: Reply, options?: SendOptions): Promise<SendOutcome>;
  /** How many pushes to keep in flight at once on a platform (the adapter's sendWindow, else DEFAULT_SEND_WINDOW). */
  window(platform: string): number;
}

/** Sends in flight on a platform whose adapter does not say. */
export const DEFAULT_SEND_WINDOW = 4;

/** Routes pushes to the running adapter of the chat's platform and keeps the chat directory current. */
export function createOutbox(adapters: () => readonly Adapter[], chats: ChatDirectory, log: Logger, now: () => Date): Outbox {
  return {
    window: (platform) => adapters().find((a) => a.platform === platform)?.sendWindow ?? DEFAULT_SEND_WINDOW,
    async send(addressed, reply, options) {
      // A chat whose id changed (a Telegram group upgraded, a WeChat room re-bound after login) is sent to under
      // its new id, whoever still holds the old one (subscriptions written before, the scheduler's ledger).
      const chatKey = chats.current(addressed);
      const { platform, id: chatId } = splitKey(chatKey);
      const known = chats.get(chatKey);
      if (known && !known.active) return { status: 'gone', reason: known.inactiveReason ?? 'inactive' };
      const adapter = adapters().find((a) => a.platform === platform);
      if (!adapter) return { status: 'failed', reason: `${platform} is not running`, retryable: true };
      let outcome: SendOutcome;
      try {
        outcome = await adapter.send(chatId, reply, options);
      } catch (err) {
        // Adapters promise not to throw; if one does, the scheduler must still get an answer.
        log.error({ err, chat: chatKey }, 'adapter send threw');
        outcome = { status: 'failed', reason: err instanceof Error ? err.message : String(err), retryable: true };
      }
      if (outcome.status === 'gone') await chats.setActive(chatKey, false, outcome.reason, now());
      return outcome;
    },
  };
}
