import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/wait.js';
import { KNOWLEDGE, waitFor } from './mock-world.js';

describe('npm start with WECHATY_PUPPET', () => {
  it('builds wechaty from its own setting, serves its login state on /healthz, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        BOT_DATA_DIR: await tempDir('wechat-main-'),
        BOT_KNOWLEDGE_DIR: KNOWLEDGE,
        BOT_HTTP_PORT: String(port),
        // wechaty reads this itself; the mock puppet starts and waits for a login that never comes.
        WECHATY_PUPPET: 'wechaty-puppet-mock',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor(() => stderr.includes('wechat puppet started') && stderr.includes('http server listening'), 'the bot to start', 30_000);
      expect(stderr).toContain('wechaty-puppet-mock');
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { adapters: Record<string, unknown> }).adapters.wechat).toMatchObject({
        up: false,
        login: 'starting',
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
