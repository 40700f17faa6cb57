import pino, { type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * Structured logs on stderr, never stdout (stdout carries answers and JSON). Pretty-printed for a person at a
 * terminal, JSON lines otherwise so log collectors can parse them.
 */
export function createLogger(level: LevelWithSilent = 'info', stream: NodeJS.WritableStream & { isTTY?: boolean; fd?: number } = process.stderr): Logger {
  const options = { level, base: undefined, redact: ['token', '*.token'] };
  if (stream.isTTY) return pino(options, pretty({ destination: stream, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true }));
  return pino(options, stream === process.stderr ? pino.destination({ fd: 2, sync: true }) : stream);
}
