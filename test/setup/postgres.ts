import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real PostgreSQL server the storage contract, crash and fail-over tests run on. */
    postgresUrl: string;
  }
}

/**
 * Finds the real PostgreSQL server for the tests: BOT_TEST_POSTGRES_URL when set, otherwise the one
 * scripts/ensure-postgres.sh installs (apt-get) and starts, as .ci/run does. Without a server the run fails here,
 * saying how to get one: the real-engine tests are never skipped in silence.
 */
export default function setup(project: TestProject): void {
  let url = process.env.BOT_TEST_POSTGRES_URL;
  if (!url) {
    try {
      url = execFileSync('bash', ['scripts/ensure-postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 })
        .trim()
        .split('\n')
        .at(-1);
    } catch (err) {
      const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
      throw new Error(
        `No PostgreSQL server for the storage tests. scripts/ensure-postgres.sh (apt-get install postgresql, then a cluster on port 54329) failed:\n${detail}\n` +
          'Run it as root, or point BOT_TEST_POSTGRES_URL=postgres://user:password@host:port/db at a server you have.',
        { cause: err },
      );
    }
  }
  project.provide('postgresUrl', url!);
}
