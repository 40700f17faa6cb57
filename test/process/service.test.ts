import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_NAME } from '../../src/storage/lock.js';
import { tempDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

/** What a service manager does: `npm start` in the project, with the terminal chat open on a pipe that never ends. */
function npmStart(dataDir: string) {
  const child = spawn('npm', ['start', '-s'], {
    cwd: path.resolve('.'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, BOT_DATA_DIR: dataDir, BOT_LOG_LEVEL: 'info' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out, exited };
}

const lockFile = (dir: string) => path.join(dir, LOCK_NAME);
const lockPid = async (dir: string) => (JSON.parse(await readFile(lockFile(dir), 'utf8')) as { pid: number }).pid;
const exists = (file: string) =>
  readFile(file).then(
    () => true,
    () => false,
  );

async function answers(child: ChildProcess, out: { stdout: string }, line: string): Promise<void> {
  const before = out.stdout.length;
  child.stdin!.write(`${line}\n`);
  await waitFor(() => out.stdout.length > before, `an answer to ${line}`);
}

/** Waits for the exit a service manager waits for before it kills: 10 s. */
async function stopsWithin10s(exited: Promise<{ code: number | null }>): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error('still running 10 s after the signal')), 10_000)),
  );
  try {
    return (await Promise.race([exited, timeout])).code;
  } finally {
    clearTimeout(timer);
  }
}

describe('npm start as a service', () => {
  it('stops on SIGTERM to npm and on SIGINT to the bot, releases the lock, and starts again at once', async () => {
    const dataDir = await tempDir('service-');
    const first = npmStart(dataDir);
    await waitFor(() => first.out.stderr.includes('adapter started'), 'the first start', 120_000);
    // One node process under npm: the bot's pid in the lock is npm's own child, not a grandchild behind a shell or tsx.
    const botPid = await lockPid(dataDir);
    expect(botPid).not.toBe(first.child.pid);
    const parent = (await readFile(`/proc/${botPid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[1];
    expect(Number(parent)).toBe(first.child.pid);
    await answers(first.child, first.out, '/whoami');

    first.child.kill('SIGTERM');
    expect(await stopsWithin10s(first.exited)).toBe(0);
    expect(await exists(lockFile(dataDir))).toBe(false);
    expect(first.out.stderr).not.toMatch(/Error|at .*\.js:\d+/);

    const second = npmStart(dataDir);
    await waitFor(() => second.out.stderr.includes('adapter started'), 'the second start', 60_000);
    await answers(second.child, second.out, '/whoami');
    process.kill(await lockPid(dataDir), 'SIGINT');
    expect(await stopsWithin10s(second.exited)).toBe(0);
    expect(await exists(lockFile(dataDir))).toBe(false);

    const third = npmStart(dataDir);
    third.child.stdin!.end('/whoami\n');
    expect((await third.exited).code).toBe(0);
    expect(third.out.stdout).toContain('console:operator');
  }, 240_000);

  it('ends quietly with status 0 when the reader of its output goes away (npm start -s | head -1)', async () => {
    const dataDir = await tempDir('service-');
    const input = path.join(dataDir, 'input.txt');
    await writeFile(input, '/help\n'.repeat(300));
    const child = spawn('bash', ['-c', `set -o pipefail; npm start -s < ${input} | head -n 1`], {
      cwd: path.resolve('.'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, BOT_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(await exists(lockFile(dataDir))).toBe(false);
  }, 120_000);
});
