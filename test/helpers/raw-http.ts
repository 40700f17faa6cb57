import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Sends raw bytes (what no HTTP client would send), half-closes, and resolves with everything the server
 * answered once it closes the connection. A reset or a refused write also ends it: what counts is the server.
 */
export function rawRequest(port: number, request: string | Buffer, giveUpMs = 20_000): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    const timer = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/** The status line of a raw answer ('' when the server closed without one). */
export const statusLine = (answer: string) => answer.split('\r\n')[0] ?? '';

/**
 * A slowloris client: sends a request line, then one header every `gapMs`, never finishing the headers.
 * `closed` resolves with what the server sent when it hangs up; `stop()` ends it from our side.
 */
export function slowClient(port: number, gapMs = 200): { closed: Promise<string>; stop(): void } {
  let data = '';
  const socket = connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
  const timer = setInterval(() => socket.writable && socket.write(`X-Slow-${Date.now()}: ${'a'.repeat(10)}\r\n`), gapMs);
  socket.on('data', (chunk) => (data += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(data);
    }),
  );
  return { closed, stop: () => socket.destroy() };
}

/** Whether a TCP connection to host:port is accepted. */
export function reaches(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** An IPv4 address of this machine other than loopback, if it has one: what another machine would connect to. */
export const outsideAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
