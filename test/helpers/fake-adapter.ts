import type { Adapter, AdapterHost, SendOptions, SendOutcome } from '../../src/core/adapter.js';
import type { ChatKind, Reply } from '../../src/core/message.js';

export interface Delivery {
  chatId: string;
  reply: Reply;
}

export interface FakeAdapterOptions {
  /** Default `fake`: a platform the core has never heard of, as an embedding app's own adapter would be. */
  platform?: string;
  /**
   * Runs for every push before it counts as delivered (a slow platform, a crash mid-send); its outcome, if any,
   * replaces `sent`.
   */
  deliver?(chatId: string, reply: Reply): Promise<SendOutcome | void>;
}

/**
 * The test double of a platform (hubot's DummyAdapter): it injects what users say (`say`), records what the bot
 * pushes (`delivered`), lets a test script outcomes per chat (`gone` for a chat that blocked the bot, a retryable
 * failure…), and reports chat changes through the host's intents like a real adapter. Nothing in the core knows
 * its platform, which is the point: a new platform is an adapter, not a core edit.
 */
export class FakeAdapter implements Adapter {
  readonly platform: string;
  readonly label = { 'zh-CN': '测试平台', en: 'Fake' };
  readonly delivered: Delivery[] = [];
  /** Outcomes to return for a chat, one per attempt, before it starts succeeding. */
  readonly script = new Map<string, SendOutcome[]>();
  attempts = 0;
  /** Every send, with the part it was asked to start from. */
  readonly tries: { chatId: string; fromPart?: number }[] = [];
  private host?: AdapterHost;
  private seq = 0;

  constructor(private readonly options: FakeAdapterOptions = {}) {
    this.platform = options.platform ?? 'fake';
  }

  async start(host: AdapterHost): Promise<void> {
    this.host = host;
  }

  async stop(): Promise<void> {
    this.host = undefined;
  }

  async send(chatId: string, reply: Reply, options: SendOptions = {}): Promise<SendOutcome> {
    this.attempts++;
    this.tries.push({ chatId, fromPart: options.fromPart });
    const planned = this.script.get(chatId)?.shift();
    if (planned) return planned;
    const outcome = await this.options.deliver?.(chatId, reply);
    if (outcome) return outcome;
    this.delivered.push({ chatId, reply });
    return { status: 'sent', messageId: String(this.delivered.length) };
  }

  health() {
    return { up: this.host !== undefined };
  }

  /** The host the bot gave this adapter; throws before start, as a real platform would have nobody to talk to. */
  get running(): AdapterHost {
    if (!this.host) throw new Error('the fake adapter is not started');
    return this.host;
  }

  /** Someone types `text` in a chat; returns the bot's replies. */
  async say(
    text: string,
    from: { chat?: string; kind?: ChatKind; title?: string; sender?: string; groupAdmin?: boolean; language?: string } = {},
  ): Promise<Reply[]> {
    const sender = from.sender ?? from.chat ?? 'admin';
    const kind = from.kind ?? 'private';
    const chat = from.chat ?? sender;
    return this.running.handle(
      {
        id: String(++this.seq),
        chat: { platform: this.platform, id: chat, kind, title: from.title ?? (kind === 'group' ? `群${chat}` : undefined) },
        sender: { id: sender, name: `用户${sender}`, language: from.language },
        text,
        at: new Date(),
      },
      { isGroupAdmin: async () => from.groupAdmin ?? false },
    );
  }

  /** The platform moved a chat to a new id (a group upgraded, a room re-created). */
  async move(fromId: string, toId: string): Promise<void> {
    await this.running.chatMoved(fromId, { id: toId });
  }

  /** Texts (title + body) delivered to one chat. */
  to(chatId: string): string[] {
    return this.delivered.filter((d) => d.chatId === chatId).map((d) => `${d.reply.title ?? ''}\n${d.reply.text}`);
  }
}
