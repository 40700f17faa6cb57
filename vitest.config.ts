import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores here and in CI: child-process and emulator tests need room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // A real PostgreSQL server for the storage tests (found, or installed and started like .ci/run does).
    globalSetup: ['test/setup/postgres.ts'],
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
