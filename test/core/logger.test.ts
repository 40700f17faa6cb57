import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogFormat } from '../../src/core/logger.js';

/** Logs one line through a stream that is or is not a terminal, and returns what arrived. */
function logThrough(format: LogFormat, isTTY: boolean): string {
  let written = '';
  const stream = Object.assign(new Writable({ write: (chunk, _enc, done) => ((written += String(chunk)), done()) }), { isTTY });
  createLogger('info', format, stream).info({ chat: 'telegram:1' }, 'adapter started');
  return written;
}

const isJson = (text: string) =>
  text
    .trim()
    .split('\n')
    .every((line) => {
      try {
        return typeof JSON.parse(line) === 'object';
      } catch {
        return false;
      }
    });

describe('createLogger', () => {
  it('is readable at a terminal and JSON otherwise (auto)', () => {
    const tty = logThrough('auto', true);
    expect(isJson(tty)).toBe(false);
    expect(tty).toMatch(/INFO.*adapter started/);
    expect(isJson(logThrough('auto', false))).toBe(true);
  });

  it('follows BOT_LOG_FORMAT over the guess', () => {
    expect(isJson(logThrough('json', true))).toBe(true);
    const pretty = logThrough('pretty', false);
    expect(isJson(pretty)).toBe(false);
    expect(pretty).toMatch(/INFO.*adapter started/);
    // No colour codes into a file or a journal.
    expect(pretty).not.toContain('\u001b[');
  });
});
