import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const tempDir = (prefix = 'bot-') => mkdtemp(path.join(tmpdir(), prefix));

/** Runs a TypeScript entry point as a child process the way `npm start` / `npm run` do, with piped stdin. */
export function runTs(
  script: string,
  args: string[],
  options: { input?: string; env?: Record<string, string | undefined>; uid?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, BOT_LOG_LEVEL: 'info', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Another user (the repository must be readable to it), as a service account would run the bot.
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
