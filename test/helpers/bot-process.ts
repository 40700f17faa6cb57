import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, waitFor } from './wait.js';
import { tempDir } from './cli.js';

export const FIXTURE_KNOWLEDGE = path.join(import.meta.dirname, '..', 'fixtures', 'knowledge');

export interface BotProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** stdout and stderr as they arrived. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * `npm start`'s entry point as its own process, the terminal chat kept open on a pipe, with the HTTP server on a
 * free loopback port; resolves once /healthz answers. The caller kills it.
 */
export async function startBotProcess(env: Record<string, string> = {}): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      BOT_DATA_DIR: await tempDir('bot-proc-'),
      BOT_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE,
      BOT_HTTP_PORT: String(port),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${output}`);
      return fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    'the bot to serve /healthz',
    25_000,
  );
  return { child, port, base, output: () => output, exited };
}
