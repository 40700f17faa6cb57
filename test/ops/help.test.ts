import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runTs } from '../helpers/cli.js';

// Every entry point an operator or developer runs: the scripts (not their lib/) and npm start's.
const ENTRY_POINTS = [
  ...readdirSync('scripts')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `scripts/${f}`),
  'src/main.ts',
];

describe('--help', () => {
  it('covers every script', () => {
    expect(ENTRY_POINTS.length).toBeGreaterThanOrEqual(9);
  });

  it.each(ENTRY_POINTS)('%s --help prints its usage on stdout and exits 0', async (script) => {
    const result = await runTs(script, ['--help']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: /);
    expect(result.code).toBe(0);
  });

  it.each(readdirSync('scripts').filter((f) => f.endsWith('.sh')))(
    'scripts/%s --help prints its usage and changes nothing',
    async (script) => {
      const { stdout, stderr } = await promisify(execFile)('bash', [`scripts/${script}`, '--help']);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: /);
    },
  );

  it.each(['scripts/ask.ts', 'src/main.ts'])(
    '%s with an unknown option prints what is wrong and the usage on stderr, status 2',
    async (script) => {
      const result = await runTs(script, ['--frobnicate']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/--frobnicate[\s\S]*Usage: /);
    },
  );
});
