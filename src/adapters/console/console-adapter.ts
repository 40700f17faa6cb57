import { createInterface, type Interface } from 'node:readline';
import type { Adapter, AdapterHost, SendOutcome } from '../../core/adapter.js';
import type { Reply } from '../../core/message.js';
import { renderPlain } from '../plain-text.js';

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
  readonly platform = 'console' as const;
  private rl?: Interface;
  private done?: Promise<void>;
  private sequence = 0;
  private host?: AdapterHost;

  constructor(private readonly options: ConsoleOptions = {}) {}

  /** One reply on stdout, in the bot's language (BOT_LOCALE), as every other platform shows it. */
  private print(reply: Reply): void {
    (this.options.output ?? process.stdout).write(renderPlain(reply, this.host?.locale) + '\n\n');
  }

  async start(host: AdapterHost): Promise<void> {
    this.host = host;
    const input = this.options.input ?? process.stdin;
    const output = this.options.output ?? process.stdout;
    const tty = Boolean(input.isTTY);
    this.rl = createInterface({ input, output: tty ? output : undefined, terminal: tty });
    const rl = this.rl;
    if (tty) {
      rl.setPrompt('> ');
      output.write('县域电商助手 · 输入问题，/help 查看命令，Ctrl-D 退出\n');
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
      for (const reply of replies) this.print(reply);
    };
    this.done = (async () => {
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
  }

  async stop(): Promise<void> {
    this.rl?.close();
    await this.done?.catch(() => {});
  }

  async send(_chatId: string, reply: Reply): Promise<SendOutcome> {
    this.print(reply);
    return { status: 'sent' };
  }

  health() {
    return { up: Boolean(this.rl) };
  }
}
