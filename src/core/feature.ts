import type { Command } from './commands.js';
import type { Middleware } from './compose.js';
import type { BotContext } from './context.js';

/**
 * When a handler sees addressed text that is no command. `flow`: a multi-step exchange waiting for its next answer
 * (the wizard, the copy check after a bare /check); it calls next() for text that is not its own. `fallback`: what
 * answers everything else (the FAQ answerer). The runtime runs every flow before any fallback, whatever the order
 * the features were listed in; within a stage, in that order.
 */
export type HandlerStage = 'flow' | 'fallback';

/** One free-text handler and the stage it runs in. */
export interface Handler {
  stage: HandlerStage;
  run: Middleware<BotContext>;
}

/**
 * A capability plugged into the runtime (hubot's scripts, probot's apps): the knowledge answerer, the
 * scheduler, the copy check. Features never import an adapter; they reach chats through the runtime.
 */
export interface Feature {
  name: string;
  // Commands differ in their argument types; the table only needs to parse and run them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  commands?: Command<any>[];
  /** For addressed text that is no command (commands run first, in the runtime): flows, then fallbacks. */
  handlers?: Handler[];
  start?(): Promise<void> | void;
  /** The knowledge folder changed: re-read the feature's own files there (keep the last good ones if broken). */
  reload?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** Shown on /healthz under the feature's name. */
  health?(): Record<string, unknown>;
}
