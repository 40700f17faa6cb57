import type {
  ContactInterface,
  FriendshipInterface,
  MessageInterface,
  RoomInterface,
  RoomInvitationInterface,
  WechatyInterface,
} from 'wechaty/impls';
import type { AdapterHealth, AdapterHost, SendOptions, SendOutcome } from '../../core/adapter.js';
import { backoffMs } from '../../core/backoff.js';
import { foldParts, isPartial } from '../../core/parts.js';
import type { Reply } from '../../core/message.js';
import { TEXTS } from '../../core/texts.js';
import { LoginStatus } from './login-status.js';
import { DEFAULT_PACING, PacingQueue, type PacingOptions, type SendKind } from './pacing-queue.js';
import { parseWechatMessage, type WechatMessageKind, type WechatMessageSnapshot } from './parse-message.js';
import { CONTACT_TYPE, FRIENDSHIP_TYPE, MESSAGE_TYPE, SCAN_STATUS } from './puppet-types.js';
import { renderQr } from './qr-code.js';
import { renderWechat } from './render-reply.js';
import { ChatBinding, CONTACTS, ROOMS } from './chat-binding.js';
import { isThrottleNotice } from './throttle-notice.js';

/** Settings of the WeChat adapter; the puppet itself is chosen by wechaty's own WECHATY_* settings. */
export interface WechatSettings {
  /** Accept a friend request when its greeting contains this word (WECHAT_FRIEND_KEYWORD); off when unset. */
  friendKeyword?: string;
  pacing?: Partial<PacingOptions>;
  /** Where the login QR code is drawn (default stderr, since stdout carries answers); false: log the URL only. */
  qrOutput?: NodeJS.WritableStream | false;
  /** First wait before retrying a puppet that failed to start; doubles up to 15 minutes. */
  retryStartMs?: number;
}

const MAX_MESSAGE_LENGTH = 2000;
const MAX_RETRY_MS = 15 * 60_000;
/**
 * Pushes wait for the puppet's `ready` (contacts and rooms loaded): before it, lookups answer "not found" for
 * chats that exist. A puppet that never says `ready` (wechaty-puppet-mock, some older ones) is taken as ready
 * this long after the login.
 */
const READY_FALLBACK_MS = 2 * 60_000;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function kindOf(type: number): WechatMessageKind {
  if (type === MESSAGE_TYPE.Text) return 'text';
  if (type === MESSAGE_TYPE.Audio) return 'voice';
  if (type === MESSAGE_TYPE.Image) return 'image';
  return 'other';
}

/**
 * Everything the WeChat adapter holds while it runs, made whole when it starts (the host, the pacing queue, the
 * chat bindings, the login status), so no part of it is ever half set up.
 */
export class WechatSession {
  private readonly queue: PacingQueue;
  private readonly rooms: ChatBinding;
  private readonly contacts: ChatBinding;
  private readonly status: LoginStatus;
  /** Messages older than this are the backlog the puppet replays at login. */
  private since: Date;
  private readonly hinted = new Set<string>();
  private retryTimer?: NodeJS.Timeout;
  /** Failed starts in a row, for the backoff. */
  private failedStarts = 0;
  private stopped = false;
  private lastError?: string;
  private readonly listeners: [string, (...args: never[]) => unknown][] = [];
  /** The puppet has loaded its contacts and rooms since the last login. */
  private ready = false;
  private readyTimer?: NodeJS.Timeout;
  /** Each chat's messages are handled one after another (as on Telegram), chats in parallel. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly wechaty: WechatyInterface,
    private readonly settings: WechatSettings,
    private readonly host: AdapterHost,
  ) {
    this.since = host.now();
    this.status = new LoginStatus(host.now());
    this.queue = new PacingQueue(
      { ...DEFAULT_PACING, ...settings.pacing },
      {
        onCapReached: (cap) => host.alert('dailyCapReached', { cap, setting: 'WECHAT_DAILY_SEND_CAP' }),
        onPaused: (until, reason) => host.alert('throttled', { reason, until }),
      },
    );
    // The puppet's own searches throw when it cannot list; wechaty's Room.findAll and Contact.findAll answer [] instead.
    this.rooms = new ChatBinding(
      host,
      ROOMS,
      { exists: async (id) => Boolean(await this.locate('room', id)), idsByName: (topic) => wechaty.puppet.roomSearch({ topic }) },
      host.log,
    );
    this.contacts = new ChatBinding(
      host,
      CONTACTS,
      { exists: async (id) => Boolean(await this.locate('contact', id)), idsByName: (alias) => wechaty.puppet.contactSearch({ alias }) },
      host.log,
    );
  }

  start(): void {
    this.listen('scan', (qrcode: string, code: number) => this.onScan(qrcode, code));
    this.listen('login', (user: ContactInterface) => this.onLogin(user));
    this.listen('ready', () => this.onReady());
    this.listen('logout', (user: ContactInterface, reason?: string) => this.onLogout(user, reason));
    this.listen('message', (message: MessageInterface) => this.inOrder(message));
    this.listen('friendship', (friendship: FriendshipInterface) => this.onFriendship(friendship));
    this.listen('room-invite', (invitation: RoomInvitationInterface) => this.onRoomInvite(invitation));
    this.listen('room-join', (room: RoomInterface, invitees: ContactInterface[]) => this.onRoomJoin(room, invitees));
    this.listen('room-leave', (room: RoomInterface, leavers: ContactInterface[]) => this.onRoomLeave(room, leavers));
    this.listen('error', (err: Error) => this.onError(err));
    // Not awaited: a puppet may take long or fail to start (network, protocol), and the other platforms
    // and the HTTP server must not wait for it.
    void this.launch();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.readyTimer);
    this.queue.stop();
    for (const [event, listener] of this.listeners.splice(0)) this.wechaty.off(event as 'message', listener as () => void);
    await this.wechaty.stop().catch((err: unknown) => this.host.log.warn({ err }, 'wechaty stop failed'));
  }

  async send(chatId: string, reply: Reply, options: SendOptions = {}): Promise<SendOutcome> {
    const host = this.host;
    if (!this.wechaty.isLoggedIn) return { status: 'failed', reason: 'WeChat is not logged in', retryable: true };
    if (!this.ready) return { status: 'failed', reason: 'WeChat is logged in but still loading contacts and rooms', retryable: true };
    try {
      const kind = host.chat(chatId)?.kind;
      // A chat the directory has never seen is an admin's private chat (delivery reports, alerts), so a
      // contact is looked for first: asking the puppet for a room by a person's id makes it report an error.
      if (kind === 'private') {
        const bound = await this.contacts.resolve(chatId);
        const contact = bound.status === 'live' ? await this.locate('contact', bound.id) : undefined;
        if (contact) return await this.deliver(reply, 'push', contact, undefined, options.fromPart);
        if (bound.status === 'ambiguous')
          return {
            status: 'failed',
            reason: 'the WeChat contact id changed and several contacts carry its remark: change one',
            retryable: false,
          };
        return { status: 'gone', reason: 'WeChat contact not found' };
      }
      if (kind === undefined) {
        const contact = await this.locate('contact', chatId);
        if (contact) return await this.deliver(reply, 'push', contact, undefined, options.fromPart);
      }
      const bound = await this.rooms.resolve(chatId);
      const room = bound.status === 'live' ? await this.locate('room', bound.id) : undefined;
      // A push addressed to a member (a staff answer) @-mentions them, as a reply to their message would.
      const addressee = room && reply.mention ? await this.wechaty.Contact.find({ id: reply.mention.id }) : undefined;
      if (room) return await this.deliver(reply, 'push', room, addressee ?? undefined, options.fromPart);
      if (bound.status === 'ambiguous')
        return { status: 'failed', reason: 'the WeChat room id changed and several rooms carry its topic: rename one', retryable: false };
      if (kind === undefined) return { status: 'gone', reason: 'no WeChat contact or room has this id' };
      return { status: 'gone', reason: 'the bot is no longer in this WeChat room, and no room carries its topic' };
    } catch (err) {
      // The puppet could not say (a timeout, a lost connection): not a reason to give the chat up.
      host.log.error({ err, chat: chatId }, 'wechat send failed');
      return { status: 'failed', reason: errorText(err), retryable: true };
    }
  }

  /**
   * The live room or contact with this id, or undefined only when the puppet lists its rooms (contacts)
   * without it. wechaty's Room.find and Contact.find answer "not found" on any error, so they cannot tell a
   * chat that is gone from a puppet that hiccupped; this throws in the second case.
   */
  private async locate(kind: 'room', id: string): Promise<RoomInterface | undefined>;
  private async locate(kind: 'contact', id: string): Promise<ContactInterface | undefined>;
  private async locate(kind: 'room' | 'contact', id: string): Promise<RoomInterface | ContactInterface | undefined> {
    const puppet = this.wechaty.puppet;
    try {
      await (kind === 'room' ? puppet.roomPayload(id) : puppet.contactPayload(id));
    } catch (err) {
      const listed = kind === 'room' ? await puppet.roomList() : await puppet.contactList();
      if (listed.includes(id)) throw err;
      return undefined;
    }
    const found = await (kind === 'room' ? this.wechaty.Room.find({ id }) : this.wechaty.Contact.find({ id }));
    if (!found) throw new Error(`the WeChat ${kind} ${id} exists but could not be loaded`);
    return found;
  }

  health(): AdapterHealth {
    return { ...this.status.health(), queue: this.queue.stats() };
  }

  // Puppets fail to start for reasons outside the bot (protocol changes, an expired token, no network):
  // WeChat is then reported down and retried, and the other platforms keep working.
  private async launch(retry = false): Promise<void> {
    if (this.stopped) return;
    try {
      // wechaty.start() resolves even when the puppet fails (it emits 'error' and counts itself started),
      // and a second start() is then a no-op: a retry stops it first, and success is read off the puppet.
      if (retry) await this.wechaty.stop();
      this.lastError = undefined;
      await this.wechaty.start();
      // stop() came while the puppet was starting, and wechaty's stop gives up waiting after 5 s.
      if (this.stopped) return void (await this.wechaty.stop());
      if (!this.wechaty.puppet.state.active()) throw new Error(this.lastError ?? 'the wechaty puppet did not start');
      this.failedStarts = 0;
      this.host.log.info({ puppet: this.wechaty.puppet.name() }, 'wechat puppet started');
    } catch (err) {
      const reason = errorText(err);
      this.status.failed(reason, this.host.now());
      const retryInMs = backoffMs(++this.failedStarts, { baseMs: this.settings.retryStartMs ?? 30_000, maxMs: MAX_RETRY_MS });
      this.host.log.error({ err, retryInMs }, 'wechat puppet failed to start; retrying later');
      this.retryTimer = setTimeout(() => void this.launch(true), retryInMs);
      this.retryTimer.unref?.();
    }
  }

  /** Registers a wechaty listener whose failures are logged, never thrown into wechaty's emitter. */
  private listen<A extends unknown[]>(event: string, handler: (...args: A) => unknown): void {
    const listener = async (...args: A) => {
      try {
        await handler(...args);
      } catch (err) {
        this.host.log.error({ err, event }, 'wechat event handling failed');
      }
    };
    this.listeners.push([event, listener as (...args: never[]) => unknown]);
    this.wechaty.on(event as 'message', listener as unknown as () => void);
  }

  private async onScan(qrcode: string, code: number): Promise<void> {
    const host = this.host;
    this.status.scanned(code, qrcode, host.now());
    host.log.info({ status: this.health().scan, url: qrcode }, 'wechat login: scan the QR code with the bot account');
    const out = this.settings.qrOutput ?? process.stderr;
    if (out && (code === SCAN_STATUS.Waiting || code === SCAN_STATUS.Timeout)) out.write(`\n${await renderQr(qrcode)}\n`);
  }

  private onLogin(user: ContactInterface): void {
    const host = this.host;
    this.status.loggedIn({ id: user.id, name: user.name() }, host.now());
    this.ready = false;
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => {
      if (this.ready || !this.wechaty.isLoggedIn) return;
      host.log.warn({ afterMs: READY_FALLBACK_MS }, 'the wechat puppet sent no ready event after the login; sending anyway');
      this.ready = true;
    }, READY_FALLBACK_MS);
    this.readyTimer.unref?.();
    // A re-login replays what was missed; it is backlog as much as the first login's.
    this.since = host.now();
    host.log.info({ account: user.id, name: user.name() }, 'wechat logged in');
  }

  private onReady(): void {
    clearTimeout(this.readyTimer);
    if (!this.ready) this.host.log.info('wechat puppet ready: contacts and rooms loaded');
    this.ready = true;
  }

  private onLogout(user: ContactInterface, reason?: string): void {
    const host = this.host;
    this.ready = false;
    this.status.loggedOut(reason, host.now());
    host.log.warn({ account: user.id, reason }, 'wechat logged out');
    host.alert('loggedOut', { account: user.name(), reason });
  }

  private onError(err: Error): void {
    this.lastError = err.message;
    this.host.log.warn({ err }, 'wechaty reported an error');
    if (isThrottleNotice(err.message)) this.queue?.pause(err.message);
  }

  // wechaty emits messages without waiting for the previous handler: "抖店要啥证" then "1" a second later must be
  // answered in that order, the "1" read against the choices the first answer offered.
  private inOrder(message: MessageInterface): Promise<void> {
    const key = message.room()?.id ?? message.talker().id;
    const run = (this.chains.get(key) ?? Promise.resolve()).then(() => this.onMessage(message));
    const settled = run
      .catch(() => undefined)
      .finally(() => {
        if (this.chains.get(key) === settled) this.chains.delete(key);
      });
    this.chains.set(key, settled);
    return run;
  }

  private async onMessage(message: MessageInterface): Promise<void> {
    const host = this.host;
    const snapshot = await this.snapshot(message);
    const parsed = parseWechatMessage(snapshot, this.since);
    switch (parsed.action) {
      case 'throttled':
        host.log.warn({ notice: parsed.notice }, 'wechat says the account sends too often');
        this.queue.pause(parsed.notice);
        return;
      case 'ignore':
        host.log.debug({ message: snapshot.id, reason: parsed.reason }, 'wechat message ignored');
        return;
      case 'media-hint':
        if (this.hinted.has(snapshot.talker.id)) return;
        this.hinted.add(snapshot.talker.id);
        await this.deliver({ text: TEXTS[this.host.locale].textOnly }, 'reply', message.talker());
        return;
      case 'handle': {
        const room = message.room();
        const talker = message.talker();
        if (room) await this.rooms.adopt(room.id, snapshot.room!.topic);
        else await this.contacts.adopt(talker.id, snapshot.talker.alias);
        const replies = await host.handle(parsed.message, { isGroupAdmin: async () => room?.owner()?.id === talker.id });
        for (const reply of replies) {
          const outcome = await this.deliver(reply, 'reply', room ?? talker, room ? talker : undefined);
          // A long answer that stopped part-way says so, rather than ending mid-sentence without a word.
          if (isPartial(outcome)) await this.deliver({ text: TEXTS[host.locale].partLost }, 'reply', room ?? talker);
        }
      }
    }
  }

  /** Reads what parsing needs from a wechaty message (several getters may call the puppet). */
  private async snapshot(message: MessageInterface): Promise<WechatMessageSnapshot> {
    const talker = message.talker();
    const room = message.room();
    const kind = kindOf(message.type());
    const self = this.wechaty.isLoggedIn ? this.wechaty.currentUser : undefined;
    const botNames = self ? [self.name(), room ? ((await room.alias(self).catch(() => undefined)) ?? '') : ''] : [];
    return {
      id: message.id,
      kind,
      text: message.text(),
      self: message.self(),
      talker: {
        id: talker.id,
        name: talker.name(),
        alias: room ? undefined : ((await talker.alias().catch(() => undefined)) ?? undefined),
        official: talker.type() === CONTACT_TYPE.Official,
        friend: talker.friend() ?? undefined,
      },
      room: room ? { id: room.id, topic: await room.topic() } : undefined,
      mentionSelf: room && kind === 'text' ? await message.mentionSelf().catch(() => false) : false,
      // Only room payloads carry mentionIdList (wechaty-puppet's MessagePayloadRoom).
      mentionListed: ((message.payload as { mentionIdList?: string[] } | undefined)?.mentionIdList?.length ?? 0) > 0,
      botNames: botNames.filter(Boolean),
      date: message.date(),
    };
  }

  /**
   * Sends one reply (perhaps as several messages, from part `fromPart` on) through the pacing queue; in a room,
   * `mention` is @-ed in the first part. Stops at the first part not sent.
   */
  private async deliver(
    reply: Reply,
    kind: SendKind,
    to: RoomInterface | ContactInterface,
    mention?: ContactInterface,
    fromPart = 0,
  ): Promise<SendOutcome> {
    const parts = renderWechat(reply, this.host.locale, MAX_MESSAGE_LENGTH);
    const withMention = mention && reply.mentionSender !== false ? mention : undefined;
    const from = Math.min(fromPart, parts.length);
    const outcomes = await Promise.all(
      this.queue.pushParts(
        kind,
        parts.slice(from).map((text, i) => async () => {
          const sent = from + i === 0 && withMention ? await (to as RoomInterface).say(text, withMention) : await to.say(text);
          return sent?.id;
        }),
      ),
    );
    const outcome = foldParts(outcomes, from, parts.length);
    if (outcome.status !== 'sent') this.host.log.warn({ to: to.id, outcome }, 'wechat message not sent');
    return outcome;
  }

  private async onFriendship(friendship: FriendshipInterface): Promise<void> {
    if (friendship.type() !== FRIENDSHIP_TYPE.Receive) return;
    const log = this.host.log;
    const keyword = this.settings.friendKeyword;
    const from = friendship.contact();
    if (!keyword || !friendship.hello().includes(keyword)) {
      log.info({ contact: from.id, name: from.name() }, 'wechat friend request left for a person to accept');
      return;
    }
    await friendship.accept();
    log.info({ contact: from.id, name: from.name() }, 'wechat friend request accepted (greeting has the keyword)');
  }

  // Only bot admins may put the account into a room: each room adds load and risk to the account.
  private async onRoomInvite(invitation: RoomInvitationInterface): Promise<void> {
    const host = this.host;
    const inviter = await invitation.inviter();
    const topic = await invitation.topic().catch(() => '');
    if (!host.isAdmin(inviter.id)) {
      host.log.warn({ inviter: inviter.id, topic }, 'wechat room invitation ignored: the inviter is not a bot admin');
      return;
    }
    await invitation.accept();
    host.log.info({ inviter: inviter.id, topic }, 'wechat room invitation accepted');
  }

  private async onRoomJoin(room: RoomInterface, invitees: ContactInterface[]): Promise<void> {
    const host = this.host;
    const selfId = this.wechaty.isLoggedIn ? this.wechaty.currentUser.id : undefined;
    const newcomers = invitees.filter((c) => c.id !== selfId);
    if (!host.welcome || !newcomers.length) return;
    const chat = { platform: 'wechat' as const, id: room.id, kind: 'group' as const, title: await room.topic() };
    const reply = await host.welcome(
      chat,
      newcomers.map((c) => c.name()),
    );
    if (reply) await this.deliver(reply, 'push', room);
  }

  private async onRoomLeave(room: RoomInterface, leavers: ContactInterface[]): Promise<void> {
    const host = this.host;
    const selfId = this.wechaty.isLoggedIn ? this.wechaty.currentUser.id : undefined;
    if (!leavers.some((c) => c.id === selfId)) return;
    host.log.warn({ room: room.id }, 'the bot left or was removed from a wechat room');
    await host.chatGone(room.id, 'removed from the WeChat room');
  }
}
