import type { ChatDirectory } from '../../core/chat-directory.js';
import { userKey } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';

/** What the binding asks the puppet: does a room id still exist, and which rooms carry a topic. */
export interface RoomLookup {
  exists(roomId: string): Promise<boolean>;
  idsByTopic(topic: string): Promise<string[]>;
}

export type RoomResolution = { status: 'live'; id: string } | { status: 'missing' | 'ambiguous' };

/**
 * Keeps stored WeChat rooms bound to live ones. Some puppets hand out new room ids after a re-login; the
 * chat directory keeps each room's topic beside its id, so a stored room whose id is no longer known is
 * re-bound to the one live room with the same topic (never guessed when the topic is ambiguous), and
 * everything keyed by the chat follows it (ChatDirectory.rekey).
 */
export class RoomBinding {
  constructor(
    private readonly chats: ChatDirectory,
    private readonly lookup: RoomLookup,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * The live id for a stored room id: the same id while the puppet knows it, else the id it was re-bound to.
   * `missing`: no live room has its topic (the bot left the room, or it has no stored topic); `ambiguous`:
   * several do, and the bot does not guess.
   */
  async resolve(roomId: string): Promise<RoomResolution> {
    if (await this.lookup.exists(roomId)) return { status: 'live', id: roomId };
    const known = this.chats.get(userKey('wechat', roomId));
    if (!known?.title) {
      this.log.warn({ room: roomId }, 'wechat room unknown to the puppet and has no stored topic to re-bind by');
      return { status: 'missing' };
    }
    const live = (await this.lookup.idsByTopic(known.title)).filter((id) => id !== roomId && !this.chats.get(userKey('wechat', id)));
    if (live.length !== 1) {
      this.log.warn({ room: roomId, topic: known.title, candidates: live.length }, 'wechat room id no longer known; no single room with its topic to re-bind to');
      return { status: live.length ? 'ambiguous' : 'missing' };
    }
    await this.rebind(roomId, live[0]!, known.title);
    return { status: 'live', id: live[0]! };
  }

  /**
   * A message came from a room the directory does not know yet: if exactly one stored room has its topic and
   * that room's id is no longer known to the puppet, this is that room under a new id.
   */
  async adopt(roomId: string, topic: string): Promise<void> {
    if (!topic || this.chats.get(userKey('wechat', roomId))) return;
    const stored = this.chats.findByTitle('wechat', topic).filter((c) => c.kind === 'group' && c.id !== roomId);
    if (stored.length !== 1) return;
    const old = stored[0]!;
    if (await this.lookup.exists(old.id)) return;
    await this.rebind(old.id, roomId, topic);
  }

  private async rebind(oldId: string, newId: string, topic: string): Promise<void> {
    await this.chats.rekey(userKey('wechat', oldId), { platform: 'wechat', id: newId, kind: 'group', title: topic }, this.now());
    this.log.warn({ oldRoom: oldId, newRoom: newId, topic }, 'wechat room id changed (re-login): re-bound the stored room by its topic');
  }
}
