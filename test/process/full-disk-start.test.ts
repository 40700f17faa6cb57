import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

describe('starting on a full disk', () => {
  it('says so in one line, exits 1, and leaves no lock, draft or temporary file', async () => {
    const dataDir = await tempDir('full-');
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', path.resolve('test/fixtures/full-disk.mjs'), 'src/main.ts'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, BOT_DATA_DIR: dataDir, FULL_DISK_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end();
    const code = await new Promise((resolve) => child.on('exit', resolve));
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the disk is full');
    expect(lines[0]).toContain(dataDir);
    expect(code).toBe(1);
    expect(await readdir(dataDir)).toEqual([]);
  });
});
