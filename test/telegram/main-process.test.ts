import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { BotApiStub } from './bot-api-stub.js';
import { KNOWLEDGE_DIR, waitFor } from './helpers.js';

const TOKEN = '424242:main-process-token-ABCDEFGHIJKLMNOP';

let stub: BotApiStub | undefined;
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
});

describe('npm start with TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT', () => {
  it('long-polls the configured Bot API server, answers, stops cleanly on SIGTERM and never logs the token', async () => {
    stub = new BotApiStub();
    const apiRoot = await stub.start();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        BOT_LOG_LEVEL: 'debug',
        BOT_DATA_DIR: await tempDir('tg-main-'),
        BOT_KNOWLEDGE_DIR: KNOWLEDGE_DIR,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor(() => stub!.callsTo('getUpdates').length > 0, 'the bot to poll', 25_000);
      const updateId = stub.push({
        message: {
          message_id: 1,
          date: 1_764_000_000,
          chat: { id: 55, type: 'private', first_name: 'A' },
          from: { id: 55, is_bot: false, first_name: 'A' },
          text: '/whoami',
        },
      });
      await waitFor(() => stub!.delivered.some((d) => d.text.includes('telegram:55')), 'the /whoami answer');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // On the way out the bot confirms what it handled, so a restart does not answer it again.
      expect(stub.callsTo('getUpdates').at(-1)?.body).toMatchObject({ offset: updateId + 1, limit: 1 });
    } finally {
      child.kill('SIGKILL');
    }
    expect(stub.callsTo('setMyCommands').length).toBeGreaterThan(0);
    expect(output).toContain('telegram: connected');
    expect(output).not.toContain(TOKEN.split(':')[1]);
  });
});
