import type { IncomingMessage } from 'node:http';

/**
 * A request's body, or undefined when it is larger than `maxBytes`. Reads to the end even past the limit (only
 * callers that passed the route's checks get this far), so a 413 still reaches the client instead of a reset.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= maxBytes ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}
