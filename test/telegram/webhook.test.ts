import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';
import { deriveWebhookSecret, SECRET_HEADER, webhookHandler } from '../../src/adapters/telegram/webhook.js';
import { PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { recordingLog, silentLog } from '../helpers/runtime.js';
import { freshDatabases } from '../helpers/stores.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(secret: string) {
  const received: unknown[] = [];
  const { log, lines } = recordingLog();
  server = new HttpServer(silentLog);
  server.route('POST', '/tg/hook', webhookHandler({ secret, log, onUpdate: (u) => received.push(u) }));
  const port = await server.listen(0, '127.0.0.1');
  const post = (body: string, headers: Record<string, string> = { [SECRET_HEADER]: secret }) =>
    fetch(`http://127.0.0.1:${port}/tg/hook`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { received, lines, post };
}

describe('Telegram webhook route', () => {
  it('hands over an update with the right secret, once per update_id', async () => {
    const { received, post } = await serve('s3cret_token');
    const update = JSON.stringify({ update_id: 77, message: { text: 'hi' } });
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    expect((await post(JSON.stringify({ update_id: 78 }))).status).toBe(200);
    expect(received).toEqual([{ update_id: 77, message: { text: 'hi' } }, { update_id: 78 }]);
  });

  it('refuses a missing or wrong secret token and logs it', async () => {
    const { received, lines, post } = await serve('s3cret_token');
    expect((await post('{"update_id":1}', {})).status).toBe(401);
    expect((await post('{"update_id":1}', { [SECRET_HEADER]: 's3cret_tokeN' })).status).toBe(401);
    expect(received).toEqual([]);
    expect(lines.filter((l) => String(l.msg).includes('secret token'))).toHaveLength(2);
  });

  it('answers 400 to a body that is no update and 413 to an oversized one', async () => {
    const { received, post } = await serve('x');
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"update_id":"1"}')).status).toBe(400);
    expect((await post(JSON.stringify({ update_id: 1, pad: 'x'.repeat(1_100_000) }))).status).toBe(413);
    expect(received).toEqual([]);
  });

  it('derives a secret Telegram accepts from the token, different per token', () => {
    const a = deriveWebhookSecret('123:abc');
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(a).not.toBe(deriveWebhookSecret('123:abd'));
    expect(a).not.toContain('abc');
  });
});

describe('Telegram webhook behind several bot processes', () => {
  it('hands each update to exactly one process, the update_id claimed in the shared database', async () => {
    const databases = freshDatabases();
    const url = await databases.fresh('webhook');
    const stores = [await PostgresStore.connect(url), await PostgresStore.connect(url)];
    const servers = stores.map(() => new HttpServer(silentLog));
    try {
      const received: number[] = [];
      let claims = 0;
      const ports: number[] = [];
      for (const [i, store] of stores.entries()) {
        const claim = (id: number) => store.claim('telegram-update', String(id)).finally(() => claims++);
        servers[i]!.route(
          'POST',
          '/tg/hook',
          webhookHandler({ secret: 'same', log: silentLog, claim, onUpdate: (u) => received.push((u as { update_id: number }).update_id) }),
        );
        ports.push(await servers[i]!.listen(0, '127.0.0.1'));
      }
      // Telegram re-sends an update that was answered slowly; behind a load balancer the copy can reach either process.
      const post = (port: number, id: number) =>
        fetch(`http://127.0.0.1:${port}/tg/hook`, {
          method: 'POST',
          body: JSON.stringify({ update_id: id }),
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: 'same' },
        });
      const ids = Array.from({ length: 20 }, (_, i) => 1000 + i);
      await Promise.all(ids.flatMap((id) => ports.map((port) => post(port, id))));
      while (claims < ids.length * ports.length) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setImmediate(r));
      expect(received.sort()).toEqual(ids);
    } finally {
      for (const server of servers) await server.close();
      for (const store of stores) await store.close();
      await databases.dispose();
    }
  });
});
