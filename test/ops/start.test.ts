import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTs, tempDir, type CliResult } from '../helpers/cli.js';
import { startBotProcess, FIXTURE_KNOWLEDGE, type BotProcess } from '../helpers/bot-process.js';
import { outsideAddress, reaches } from '../helpers/raw-http.js';
import { freePort } from '../helpers/wait.js';

const base = { BOT_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE, BOT_LOG_FORMAT: 'json' };

/** The one thing an operator should see: a single fatal line, no stack, naming the setting. */
function expectOneLine(result: CliResult, setting: string): string {
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  const fatal = result.stderr
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((l) => l.level === 60);
  expect(fatal).toHaveLength(1);
  expect(fatal[0]!.msg).toContain(setting);
  return fatal[0]!.msg;
}

let bot: BotProcess | undefined;
afterEach(() => {
  bot?.child.kill('SIGKILL');
  bot = undefined;
});

describe('start failures an operator can fix', () => {
  it('a port already in use is one line naming BOT_HTTP_PORT, status 1', async () => {
    const holder = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const result = await runTs('src/main.ts', [], { env: { ...base, BOT_DATA_DIR: await tempDir(), BOT_HTTP_PORT: String(port) } });
      expect(expectOneLine(result, 'BOT_HTTP_PORT')).toContain(`${port} is already in use`);
    } finally {
      holder.close();
    }
  });

  it("a host that is not this machine's is one line naming BOT_HTTP_HOST, status 1", async () => {
    // 198.51.100.0/24 is documentation space (RFC 5737): never an address of this machine.
    const result = await runTs('src/main.ts', [], {
      env: { ...base, BOT_DATA_DIR: await tempDir(), BOT_HTTP_PORT: String(await freePort()), BOT_HTTP_HOST: '198.51.100.7' },
    });
    expect(expectOneLine(result, 'BOT_HTTP_HOST')).toContain('198.51.100.7 is not an address of this machine');
  });

  it('a data folder under a file is one line naming BOT_DATA_DIR, status 1', async () => {
    const file = path.join(await tempDir(), 'not-a-folder');
    await writeFile(file, '');
    const result = await runTs('src/main.ts', [], { env: { ...base, BOT_DATA_DIR: path.join(file, 'data') } });
    expect(expectOneLine(result, 'BOT_DATA_DIR')).toContain('ENOTDIR');
  });

  it('a data folder the user may not write is one line naming BOT_DATA_DIR, status 1', async () => {
    const parent = await tempDir();
    await mkdir(path.join(parent, 'data'));
    await chmod(parent, 0o755);
    await chmod(path.join(parent, 'data'), 0o555);
    // root writes anywhere: run the bot as nobody then, as a service user would be.
    const asNobody = process.getuid?.() === 0;
    const result = await runTs('src/main.ts', [], {
      env: { ...base, BOT_DATA_DIR: path.join(parent, 'data') },
      uid: asNobody ? 65534 : undefined,
    });
    expect(expectOneLine(result, 'BOT_DATA_DIR')).toContain('EACCES');
  });
});

describe('the HTTP server as a service', () => {
  it('listens on loopback only unless BOT_HTTP_HOST opens it', async () => {
    bot = await startBotProcess(base);
    expect(bot.output()).toMatch(/"host":"127\.0\.0\.1".*"http server listening"/);
    const outside = outsideAddress();
    if (outside) expect(await reaches(outside, bot.port)).toBe(false);
  });
});
