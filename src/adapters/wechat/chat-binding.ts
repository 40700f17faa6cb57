import type { ChatDirectory, KnownChat } from '../../core/chat-directory.js';
import { userKey } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { ChatRef } from '../../core/message.js';

/** What a binding asks the puppet: does an id still exist (throws when it cannot tell), and which ids carry a name. */
export interface BindingLookup {
  exists(id: string): Promise<boolean>;
  idsByName(name: string): Promise<string[]>;
}

/**
 * Which chats a binding keeps, and by what. A room is known by its topic; a contact by the remark (备注) the
 * bot's own account gave it: the operator sets it, so unlike a display name nobody else can take it on.
 */
export interface BindingKind {
  kind: ChatRef['kind'];
  /** `room` or `contact`, for the logs. */
  noun: string;
  /** `topic` or `remark`, for the logs. */
  by: string;
  nameOf(chat: KnownChat): string | undefined;
  /** The chat under its new id, carrying the name it was found by. */
  refOf(id: string, name: string, known: KnownChat): ChatRef;
}

export const ROOMS: BindingKind = {
  kind: 'group',
  noun: 'room',
  by: 'topic',
  nameOf: (chat) => chat.title,
  refOf: (id, name) => ({ platform: 'wechat', id, kind: 'group', title: name }),
};

export const CONTACTS: BindingKind = {
  kind: 'private',
  noun: 'contact',
  by: 'remark',
  nameOf: (chat) => chat.alias,
  refOf: (id, name, known) => ({ platform: 'wechat', id, kind: 'private', title: known.title, alias: name }),
};

export type ChatResolution = { status: 'live'; id: string } | { status: 'missing' | 'ambiguous' };

/**
 * Keeps stored WeChat chats bound to live ones. Some puppets (the web protocol) hand out new room and contact
 * ids at every login; the chat directory keeps each room's topic and each contact's remark beside its id, so a
 * stored chat whose id is no longer known is re-bound to the one live chat with the same name (never guessed
 * when the name is ambiguous), and everything keyed by the chat follows it (ChatDirectory.rekey), bot admins too.
 */
export class ChatBinding {
  constructor(
    private readonly chats: ChatDirectory,
    private readonly spec: BindingKind,
    private readonly lookup: BindingLookup,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * The live id for a stored id: the same id while the puppet knows it, else the id it was re-bound to.
   * `missing`: no live chat has its name (the bot left the room, the contact is gone, or it has no stored name);
   * `ambiguous`: several do, and the bot does not guess.
   */
  async resolve(id: string): Promise<ChatResolution> {
    if (await this.lookup.exists(id)) return { status: 'live', id };
    const { noun, by } = this.spec;
    const known = this.chats.get(userKey('wechat', id));
    const name = known && this.spec.nameOf(known);
    if (!known || !name) {
      this.log.warn({ [noun]: id }, `wechat ${noun} unknown to the puppet and has no stored ${by} to re-bind by`);
      return { status: 'missing' };
    }
    const live = (await this.lookup.idsByName(name)).filter((other) => other !== id && !this.chats.get(userKey('wechat', other)));
    if (live.length !== 1) {
      this.log.warn({ [noun]: id, [by]: name, candidates: live.length }, `wechat ${noun} id no longer known; no single ${noun} with its ${by} to re-bind to`);
      return { status: live.length ? 'ambiguous' : 'missing' };
    }
    await this.rebind(id, live[0]!, name, known);
    return { status: 'live', id: live[0]! };
  }

  /**
   * A message came from a chat the directory does not know yet: if exactly one stored chat has its name and
   * that chat's id is no longer known to the puppet, this is that chat under a new id.
   */
  async adopt(id: string, name: string | undefined): Promise<void> {
    if (!name || this.chats.get(userKey('wechat', id))) return;
    const stored = this.chats.list().filter((c) => c.platform === 'wechat' && c.kind === this.spec.kind && c.id !== id && this.spec.nameOf(c) === name);
    if (stored.length !== 1) return;
    const old = stored[0]!;
    if (await this.lookup.exists(old.id)) return;
    await this.rebind(old.id, id, name, old);
  }

  private async rebind(oldId: string, newId: string, name: string, known: KnownChat): Promise<void> {
    const { noun, by } = this.spec;
    const upper = noun[0]!.toUpperCase() + noun.slice(1);
    await this.chats.rekey(userKey('wechat', oldId), this.spec.refOf(newId, name, known), this.now());
    this.log.warn({ [`old${upper}`]: oldId, [`new${upper}`]: newId, [by]: name }, `wechat ${noun} id changed (re-login): re-bound the stored ${noun} by its ${by}`);
  }
}
