import { createInterface, type Interface } from 'node:readline';
import type { Adapter, AdapterHost, SendOutcome } from '../../core/adapter.js';
import type { Reply } from '../../core/message.js';
import { TEXTS, type Locale } from '../../core/texts.js';
import { renderPlain } from '../../core/plain-text.js';

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream;
  /** Called when input ends (Ctrl-D, or the end of piped input). */
  onEnd?: () => void;
}

/** The terminal user is the local operator, and may run admin commands. */
export const CONSOLE_OPERATOR = 'operator';
const CHAT_ID = 'terminal';

/**
 * Terminal chat. On a TTY it shows a prompt; otherwise it reads one message per line and prints each reply,
 * handling lines strictly in order, so `printf '…\n' | npm start` works as a batch. A line ending in `\`
 * continues on the next, as in a shell, for the multi-line forms other platforms send as one message
 * (`/event add \` then `时间: …`).
 */
export class ConsoleAdapter implements Adapter {
  readonly platform = 'console';
  readonly label = { 'zh-CN': '终端', en: 'terminal' };
  private sequence = 0;
  /** What exists only while the adapter runs: the line reader, its loop, and the bot's language. */
  private running?: { rl: Interface; done: Promise<void>; locale: Locale };

  constructor(private readonly options: ConsoleOptions = {}) {}

  /** One reply on stdout, in the bot's language (BOT_LOCALE), as every other platform shows it. */
  private print(reply: Reply, locale: Locale): void {
    (this.options.output ?? process.stdout).write(renderPlain(reply, locale) + '\n\n');
  }

  async start(host: AdapterHost): Promise<void> {
    const input = this.options.input ?? process.stdin;
    const output = this.options.output ?? process.stdout;
    const tty = Boolean(input.isTTY);
    const rl = createInterface({ input, output: tty ? output : undefined, terminal: tty });
    if (tty) {
      rl.setPrompt('> ');
      output.write(`${TEXTS[host.locale].terminalBanner}\n`);
      rl.prompt();
    }
    const say = async (text: string) => {
      const replies = await host.handle({
        id: `console-${++this.sequence}`,
        chat: { platform: 'console', id: CHAT_ID, kind: 'private', title: 'terminal' },
        sender: { id: CONSOLE_OPERATOR, name: 'operator' },
        text,
        at: host.now(),
      });
      for (const reply of replies) this.print(reply, host.locale);
    };
    const done = (async () => {
      let pending = '';
      for await (const line of rl) {
        if (line.endsWith('\\')) {
          pending += `${line.slice(0, -1)}\n`;
          if (tty) rl.setPrompt('… ');
        } else {
          const text = pending + line;
          pending = '';
          if (text.trim()) await say(text);
        }
        if (tty) {
          if (!pending) rl.setPrompt('> ');
          rl.prompt();
        }
      }
      // Input ended inside a continued message (a last line ending in \, or Ctrl-D): it still counts.
      if (pending.trim()) await say(pending);
      this.options.onEnd?.();
    })();
    this.running = { rl, done, locale: host.locale };
  }

  async stop(): Promise<void> {
    this.running?.rl.close();
    await this.running?.done.catch(() => {});
  }

  async send(_chatId: string, reply: Reply): Promise<SendOutcome> {
    if (!this.running) return { status: 'failed', reason: 'the terminal is not started', retryable: true };
    this.print(reply, this.running.locale);
    return { status: 'sent' };
  }

  health() {
    return { up: Boolean(this.running) };
  }
}
