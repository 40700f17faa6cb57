import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTs, tempDir } from '../helpers/cli.js';
import { writeFile } from 'node:fs/promises';

/** Runs `body` in a child process under the supervisor, with its logs on stderr. */
async function supervised(body: string) {
  const script = path.join(await tempDir('supervisor-'), 'run.mts');
  await writeFile(
    script,
    `import { createLogger } from ${JSON.stringify(path.resolve('src/core/logger.ts'))};
     import { superviseProcess } from ${JSON.stringify(path.resolve('src/process-supervisor.ts'))};
     const log = createLogger('info');
     const supervisor = superviseProcess(log, () => process.stderr.write('released\\n'), 300);
     ${body}
     process.exitCode = await supervisor.finished;`,
  );
  return runTs(script, []);
}

describe('the process supervisor', () => {
  it('logs a stray rejection and carries on; an uncaught exception stops the run with status 1', async () => {
    const result = await supervised(`
      void Promise.reject(new Error('stray'));
      setTimeout(() => {
        process.stdout.write('still alive\\n');
        setTimeout(() => { throw new Error('boom'); }, 10);
      }, 100);`);
    expect(result.stdout).toBe('still alive\n');
    expect(result.stderr).toContain('unhandled promise rejection');
    expect(result.stderr).toContain('uncaught exception: stopping');
    expect(result.code).toBe(1);
  });

  it('exits by force, releasing, when the shutdown after a signal hangs', async () => {
    const result = await supervised(`
      setInterval(() => {}, 1000);
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 50);`);
    expect(result.stderr).toContain('not stopped within 0.3 s');
    expect(result.stderr).toContain('released');
    expect(result.code).toBe(1);
  });
});
