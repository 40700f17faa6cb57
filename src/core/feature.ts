import type { Command } from './commands.js';
import type { Middleware } from './compose.js';
import type { BotContext } from './context.js';

/**
 * A capability plugged into the runtime (hubot's scripts, probot's apps): the knowledge answerer, the
 * scheduler, the copy check. Features never import an adapter; they reach chats through the runtime.
 */
export interface Feature {
  name: string;
  // Commands differ in their argument types; the table only needs to parse and run them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  commands?: Command<any>[];
  /** Run in order for addressed text that is no command: multi-step flows first, the answerer last. */
  handlers?: Middleware<BotContext>[];
  start?(): Promise<void> | void;
  /** The knowledge folder changed: re-read the feature's own files there (keep the last good ones if broken). */
  reload?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** Shown on /healthz under the feature's name. */
  health?(): Record<string, unknown>;
}
