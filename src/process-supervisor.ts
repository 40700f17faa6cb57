import type { Logger } from './core/logger.js';

/** Docker and systemd wait 10 s after SIGTERM before they kill: the bot is gone before that. */
export const STOP_DEADLINE_MS = 9_000;

export interface Supervisor {
  /** Resolves with the exit code once the bot should stop: a signal, an uncaught exception, stdout gone. */
  readonly finished: Promise<number>;
  /** Ends the run with this code (the terminal chat's input ended). */
  finish(code: number): void;
}

/**
 * The process around the bot, as a service manager expects it: SIGTERM and SIGINT stop it (listened to from
 * the first moment, so a signal during the start stops it too instead of killing it mid-write), and once the
 * run is finishing it exits within the deadline, by force if the shutdown hangs or a second signal comes.
 * What escapes every error boundary is logged; a reader that went away (`npm start | head -1`) ends the run
 * quietly. `release` runs before a forced exit (the lock goes with the process).
 */
export function superviseProcess(log: Logger, release: () => void, deadlineMs = STOP_DEADLINE_MS): Supervisor {
  let resolve!: (code: number) => void;
  const finished = new Promise<number>((r) => (resolve = r));
  let deadline: NodeJS.Timeout | undefined;
  const forceExit = (why: string) => {
    log.error(`${why}: exiting without waiting for the rest of the shutdown`);
    release();
    process.exit(1);
  };
  const finish = (code: number) => {
    resolve(code);
    deadline ??= setTimeout(() => forceExit(`not stopped within ${deadlineMs / 1000} s`), deadlineMs).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (deadline) return forceExit(`second ${signal}`);
      log.info({ signal }, 'stopping');
      finish(0);
    });
  }
  // A stray rejection leaves the bot running; an exception leaves the process in an unknown state, so the bot
  // stops cleanly and the service manager starts it again.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection (the bot carries on)'));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception: stopping');
    if (deadline) forceExit('uncaught exception while stopping');
    finish(1);
  });
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    finish(0);
  });
  return { finished, finish };
}
