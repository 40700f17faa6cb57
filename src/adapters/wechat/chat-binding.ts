import type { AdapterHost, MovedChat } from '../../core/adapter.js';
import type { KnownChat } from '../../core/chat-directory.js';
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
  movedTo(id: string, name: string): MovedChat;
}

export const ROOMS: BindingKind = {
  kind: 'group',
  noun: 'room',
  by: 'topic',
  nameOf: (chat) => chat.title,
  movedTo: (id, name) => ({ id, title: name }),
};

export const CONTACTS: BindingKind = {
  kind: 'private',
  noun: 'contact',
  by: 'remark',
  nameOf: (chat) => chat.alias,
  movedTo: (id, name) => ({ id, alias: name }),
};

export type ChatResolution = { status: 'live'; id: string } | { status: 'missing' | 'ambiguous' };

/**
 * Keeps stored WeChat chats bound to live ones. Some puppets (the web protocol) hand out new room and contact
 * ids at every login; the chat directory keeps each room's topic and each contact's remark beside its id, so a
 * stored chat whose id is no longer known is re-bound to the one live chat with the same name (never guessed
 * when the name is ambiguous), and everything keyed by the chat follows it (the host's chatMoved), bot admins too.
 */
export class ChatBinding {
  constructor(
    private readonly chats: Pick<AdapterHost, 'chat' | 'knownChats' | 'chatMoved'>,
    private readonly spec: BindingKind,
    private readonly lookup: BindingLookup,
    private readonly log: Logger,
  ) {}

  /**
   * The live id for a stored id: the same id while the puppet knows it, else the id it was re-bound to.
   * `missing`: no live chat has its name (the bot left the room, the contact is gone, or it has no stored name);
   * `ambiguous`: several do, and the bot does not guess.
   */
  async resolve(id: string): Promise<ChatResolution> {
    if (await this.lookup.exists(id)) return { status: 'live', id };
    const { noun, by } = this.spec;
    const known = this.chats.chat(id);
    const name = known && this.spec.nameOf(known);
    if (!known || !name) {
      this.log.warn({ [noun]: id }, `wechat ${noun} unknown to the puppet and has no stored ${by} to re-bind by`);
      return { status: 'missing' };
    }
    const live = (await this.lookup.idsByName(name)).filter((other) => other !== id && !this.chats.chat(other));
    if (live.length !== 1) {
      this.log.warn(
        { [noun]: id, [by]: name, candidates: live.length },
        `wechat ${noun} id no longer known; no single ${noun} with its ${by} to re-bind to`,
      );
      return { status: live.length ? 'ambiguous' : 'missing' };
    }
    await this.rebind(id, live[0]!, name);
    return { status: 'live', id: live[0]! };
  }

  /**
   * A message came from a chat the directory does not know yet: if exactly one stored chat has its name and
   * that chat's id is no longer known to the puppet, this is that chat under a new id.
   */
  async adopt(id: string, name: string | undefined): Promise<void> {
    if (!name || this.chats.chat(id)) return;
    const stored = this.chats.knownChats().filter((c) => c.kind === this.spec.kind && c.id !== id && this.spec.nameOf(c) === name);
    if (stored.length !== 1) return;
    const old = stored[0]!;
    if (await this.lookup.exists(old.id)) return;
    await this.rebind(old.id, id, name);
  }

  private async rebind(oldId: string, newId: string, name: string): Promise<void> {
    const { noun, by } = this.spec;
    const upper = noun[0]!.toUpperCase() + noun.slice(1);
    await this.chats.chatMoved(oldId, this.spec.movedTo(newId, name));
    this.log.warn(
      { [`old${upper}`]: oldId, [`new${upper}`]: newId, [by]: name },
      `wechat ${noun} id changed (re-login): re-bound the stored ${noun} by its ${by}`,
    );
  }
}
