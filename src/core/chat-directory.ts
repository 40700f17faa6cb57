import { z } from 'zod';
import type { Store, StoredDocument, StoredDocumentSpec } from '../storage/store.js';
import { PlatformSchema, userKey } from './identity.js';
import { ChatKindSchema, type ChatRef } from './message.js';

export const KnownChatSchema = z.object({
  platform: PlatformSchema,
  id: z.string(),
  kind: ChatKindSchema,
  title: z.string().optional(),
  /** See ChatRef.alias. */
  alias: z.string().optional(),
  /** False once the bot was removed or blocked; nothing is sent to an inactive chat. */
  active: z.boolean(),
  inactiveReason: z.string().optional(),
  firstSeen: z.string(),
  updated: z.string(),
});
export type KnownChat = z.infer<typeof KnownChatSchema>;

const ChatsFileSchema = z.object({
  chats: z.record(z.string(), KnownChatSchema),
  /** Old key → new key of chats whose id changed: records kept under the old key (who was told) still reach them. */
  moved: z.record(z.string(), z.string()),
});

/** The record's own entry: a key such as `toString` finds nothing rather than Object.prototype's. */
function own<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Where the chat directory is stored (exported for `store:copy`). */
export const CHATS_DOCUMENT = {
  name: 'chats.json',
  spec: {
    schema: ChatsFileSchema,
    // Version 2 added `moved`; an older bot would silently drop it, so it refuses the newer file instead.
    version: 2,
    // A version-1 file may already hold moves (written before the version was raised): keep them.
    migrations: [(data: unknown) => ({ moved: {}, ...(data as object) })],
    defaults: () => ({ chats: {}, moved: {} }),
  },
} satisfies StoredDocumentSpec<typeof ChatsFileSchema>;

/**
 * Every chat the bot has seen, keyed `platform:id`. Written only when something changes (a new chat, a new
 * title, joined or left), never per message.
 */
export class ChatDirectory {
  private readonly rekeyListeners: ((oldKey: string, newKey: string) => Promise<void> | void)[] = [];

  private constructor(private readonly db: StoredDocument<z.infer<typeof ChatsFileSchema>>) {}

  /** Lets data keyed by chat (subscriptions) follow a chat whose id changed. */
  onRekey(listener: (oldKey: string, newKey: string) => Promise<void> | void): void {
    this.rekeyListeners.push(listener);
  }

  static async open(store: Store): Promise<ChatDirectory> {
    return new ChatDirectory(await store.document(CHATS_DOCUMENT.name, CHATS_DOCUMENT.spec));
  }

  get(key: string): KnownChat | undefined {
    return own(this.db.data.chats, key);
  }

  /** The key a chat goes by now: `key` itself, or where it moved (following later moves too). */
  current(key: string): string {
    const seen = new Set<string>();
    let at = key;
    for (let next = own(this.db.data.moved, at); next !== undefined && !seen.has(next); next = own(this.db.data.moved, at)) {
      seen.add(at);
      at = next;
    }
    return at;
  }

  /** False only for a chat known to have removed or blocked the bot; an unknown chat may be written to. */
  isActive(key: string): boolean {
    return this.get(key)?.active !== false;
  }

  list(): KnownChat[] {
    return Object.values(this.db.data.chats);
  }

  findByTitle(platform: ChatRef['platform'], title: string): KnownChat[] {
    return this.list().filter((c) => c.platform === platform && c.title === title);
  }

  /**
   * Records a chat a message came from. Returns true if this is the first time it is seen. A message is proof
   * the bot is in the chat again (removed and re-added, unblocked): an inactive chat becomes active.
   */
  async seen(chat: ChatRef, now: Date): Promise<boolean> {
    const key = userKey(chat.platform, chat.id);
    const known = this.get(key);
    const same = (field: 'title' | 'alias') => chat[field] === undefined || known?.[field] === chat[field];
    if (known?.active && same('title') && same('alias')) return false;
    const stamp = now.toISOString();
    await this.db.change((data) => {
      data.chats[key] = known
        ? {
            ...known,
            title: chat.title ?? known.title,
            alias: chat.alias ?? known.alias,
            active: true,
            inactiveReason: undefined,
            updated: stamp,
          }
        : { ...chat, active: true, firstSeen: stamp, updated: stamp };
    });
    return !known;
  }

  async setActive(key: string, active: boolean, reason: string | undefined, now: Date): Promise<void> {
    const known = this.get(key);
    if (!known || (known.active === active && known.inactiveReason === reason)) return;
    await this.db.change((data) => {
      data.chats[key] = { ...known, active, inactiveReason: active ? undefined : reason, updated: now.toISOString() };
    });
  }

  /** A chat got a new id (Telegram group → supergroup, WeChat room after re-login): keep its history. */
  async rekey(oldKey: string, chat: ChatRef, now: Date): Promise<void> {
    const known = this.get(oldKey);
    const stamp = now.toISOString();
    const newKey = userKey(chat.platform, chat.id);
    await this.db.change((data) => {
      delete data.chats[oldKey];
      data.chats[newKey] = { ...(known ?? { active: true, firstSeen: stamp }), ...chat, updated: stamp };
      data.moved[oldKey] = newKey;
      // A chat that moves back (a room re-bound twice) is current again under its old key.
      delete data.moved[newKey];
    });
    for (const listener of this.rekeyListeners) await listener(oldKey, newKey);
  }
}
