import pino from 'pino';
import { Runtime } from '../../src/core/runtime.js';
import type { Feature } from '../../src/core/feature.js';
import type { IncomingMessageInput } from '../../src/core/message.js';
import { basicCommands } from '../../src/core/basic-commands.js';

export const silentLog = pino({ level: 'silent' });

/** A logger whose records land in an array, to assert that refusals and floods are logged. */
export function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

export function makeRuntime(
  features: Feature[],
  options: { admins?: string[]; now?: () => Date; log?: pino.Logger; floodLimit?: number } = {},
) {
  const all = [basicCommands(() => runtime.commands), ...features];
  const runtime: Runtime = new Runtime({
    settings: { timezone: 'Asia/Shanghai', locale: 'zh-CN', triggers: ['问', '？', '?'], floodLimit: options.floodLimit ?? 20 },
    admins: new Set(options.admins ?? []),
    features: all,
    log: options.log ?? silentLog,
    now: options.now ?? (() => new Date('2026-11-28T02:00:00Z')),
  });
  return runtime;
}

let seq = 0;
export function privateMessage(
  text: string,
  sender = 'u1',
  platform: 'telegram' | 'wechat' | 'console' = 'telegram',
): IncomingMessageInput {
  return {
    id: String(++seq),
    chat: { platform, id: sender, kind: 'private' },
    sender: { id: sender, name: 'Merchant' },
    text,
    at: new Date(),
  };
}

export function groupMessage(text: string, extra: Partial<IncomingMessageInput> = {}, sender = 'u1'): IncomingMessageInput {
  return {
    id: String(++seq),
    chat: { platform: 'wechat', id: 'room1', kind: 'group', title: '县电商交流群' },
    sender: { id: sender, name: 'Merchant' },
    text,
    at: new Date(),
    ...extra,
  };
}
