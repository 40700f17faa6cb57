import pino, { type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** `pretty` for a person, `json` for a log collector, `auto`: pretty when the stream is a terminal. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/**
 * Structured logs on stderr, never stdout (stdout carries answers and JSON). Pretty-printed for a person at a
 * terminal, JSON lines otherwise so log collectors (journald, docker logs) can parse them; `format` overrides
 * the guess (BOT_LOG_FORMAT).
 */
export function createLogger(
  level: LevelWithSilent = 'info',
  format: LogFormat = 'auto',
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): Logger {
  const options = { level, base: undefined, redact: ['token', '*.token'] };
  const tty = stream.isTTY === true;
  if (format === 'pretty' || (format === 'auto' && tty)) {
    return pino(
      options,
      pretty({ destination: stream, colorize: tty, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname', sync: true }),
    );
  }
  return pino(options, stream === process.stderr ? pino.destination({ fd: 2, sync: true }) : stream);
}
