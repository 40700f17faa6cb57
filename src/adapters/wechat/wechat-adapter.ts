import type { WechatyInterface } from 'wechaty/impls';
import type { Adapter, AdapterHealth, AdapterHost, SendOptions, SendOutcome } from '../../core/adapter.js';
import type { Reply } from '../../core/message.js';
import { WechatSession, type WechatSettings } from './session.js';

export type { WechatSettings };

/**
 * WeChat through wechaty 1.x with any puppet. Rooms: answers mentions, trigger prefixes and commands (the
 * core decides), replying with the asker mentioned; private chats: every text is a question. Everything the
 * account sends goes through one PacingQueue. Login state and the send queue show on /healthz; a logout is
 * reported to the admins on the other platforms.
 *
 * @example
 * const wechaty = WechatyBuilder.build({ name: './data/wechat-session' }) // puppet from WECHATY_PUPPET
 * createBot({ ..., wechaty })
 */
export class WechatAdapter implements Adapter {
  readonly platform = 'wechat';
  readonly label = { 'zh-CN': '微信', en: 'WeChat' };
  // The pacing queue sends one message every few seconds anyway.
  readonly sendWindow = 2;
  /** Everything that exists only while the adapter runs (session.ts). */
  private session?: WechatSession;

  constructor(
    private readonly wechaty: WechatyInterface,
    private readonly settings: WechatSettings = {},
  ) {}

  async start(host: AdapterHost): Promise<void> {
    this.session = new WechatSession(this.wechaty, this.settings, host);
    this.session.start();
  }

  async stop(): Promise<void> {
    await this.session?.stop();
  }

  async send(chatId: string, reply: Reply, options?: SendOptions): Promise<SendOutcome> {
    return this.session
      ? this.session.send(chatId, reply, options)
      : { status: 'failed', reason: 'WeChat is not started', retryable: true };
  }

  health(): AdapterHealth {
    return this.session?.health() ?? { up: false, detail: 'not started' };
  }
}
