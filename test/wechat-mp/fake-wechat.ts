import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { buildXml, parseXmlFields } from '../../src/adapters/wechat-mp/xml.js';

// WeChat's side of the crypto, written apart from the adapter's (standard PKCS#7 to 16 bytes on the way in,
// which the adapter must accept; the adapter's 32-byte padding undone by hand on the way out), so the two
// check each other instead of agreeing on one mistake.
const KEY = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=', 'base64');
const sha1 = (...parts: string[]) => createHash('sha1').update(parts.sort().join('')).digest('hex');

function wechatEncrypt(xml: string): string {
  const message = Buffer.from(xml);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);
  const cipher = createCipheriv('aes-256-cbc', KEY, KEY.subarray(0, 16));
  return Buffer.concat([cipher.update(Buffer.concat([randomBytes(16), length, message, Buffer.from(APP_ID)])), cipher.final()]).toString(
    'base64',
  );
}

function wechatDecrypt(encrypted: string): string {
  const decipher = createDecipheriv('aes-256-cbc', KEY, KEY.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  const unpadded = plain.subarray(0, plain.length - plain[plain.length - 1]!);
  const length = unpadded.readUInt32BE(16);
  if (unpadded.subarray(20 + length).toString() !== APP_ID) throw new Error('reply for another app');
  return unpadded.subarray(20, 20 + length).toString();
}

export const APP_ID = 'wx0123456789abcdef';
export const APP_SECRET = '0123456789abcdef0123456789abcdef';
export const TOKEN = 'countytoken';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const ACCOUNT = 'gh_county';

export interface CustomMessage {
  touser: string;
  content: string;
}

export interface CallbackAnswer {
  status: number;
  /** The passive reply's fields (decrypted in safe mode), or undefined for `success`/empty. */
  reply?: Record<string, string>;
  raw: string;
  tries: number;
}

/**
 * WeChat's side, as the tests need it: the API server (token, customer-service messages, menu) with the real
 * error codes, and the callback client that signs, encrypts in safe mode, and tries a callback up to three
 * times when no answer comes within `timeoutMs` (5 s at WeChat).
 */
export class FakeWechat {
  readonly delivered: CustomMessage[] = [];
  readonly menus: unknown[] = [];
  /** Followers who have not written in 48 hours: 45015. */
  readonly outsideWindow = new Set<string>();
  /** The next N customer-service calls answer 45047 (over the frequency limit). */
  busy = 0;
  tokensIssued = 0;
  private valid = new Set<string>();
  private expired = new Set<string>();
  private server?: Server;
  url = '';
  private seq = 1_000_000;

  constructor(private readonly o: { botUrl: () => string; safe?: boolean; timeoutMs?: number }) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (url.pathname === '/cgi-bin/token') {
          if (url.searchParams.get('appid') !== APP_ID || url.searchParams.get('secret') !== APP_SECRET)
            return send({ errcode: 40125, errmsg: 'invalid appsecret' });
          const token = `T${++this.tokensIssued}`;
          this.valid.add(token);
          return send({ access_token: token, expires_in: 7200 });
        }
        const token = url.searchParams.get('access_token') ?? '';
        if (this.expired.has(token)) return send({ errcode: 42001, errmsg: 'access_token expired' });
        if (!this.valid.has(token)) return send({ errcode: 40001, errmsg: 'invalid credential' });
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { touser: string; text: { content: string } };
        if (url.pathname === '/cgi-bin/menu/create') {
          this.menus.push(body);
          return send({ errcode: 0, errmsg: 'ok' });
        }
        if (url.pathname === '/cgi-bin/message/custom/send') {
          if (this.busy > 0) {
            this.busy--;
            return send({ errcode: 45047, errmsg: 'out of response count limit' });
          }
          if (this.outsideWindow.has(body.touser))
            return send({ errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
          this.delivered.push({ touser: body.touser, content: body.text.content });
          return send({ errcode: 0, errmsg: 'ok' });
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Every token issued so far stops working (42001), as when it expires or another server fetched a new one. */
  expireTokens(): void {
    for (const token of this.valid) this.expired.add(token);
    this.valid.clear();
  }

  /** Customer-service texts delivered to one follower. */
  to(openId: string): string[] {
    return this.delivered.filter((m) => m.touser === openId).map((m) => m.content);
  }

  text(openId: string, content: string): Promise<CallbackAnswer> {
    return this.callback({
      ToUserName: ACCOUNT,
      FromUserName: openId,
      CreateTime: this.now(),
      MsgType: 'text',
      Content: content,
      MsgId: String(++this.seq),
    });
  }

  event(openId: string, event: string, key?: string): Promise<CallbackAnswer> {
    return this.callback({
      ToUserName: ACCOUNT,
      FromUserName: openId,
      CreateTime: this.now(),
      MsgType: 'event',
      Event: event,
      ...(key ? { EventKey: key } : {}),
    });
  }

  /** Posts one callback as WeChat does, with its retries; `forge` signs with a wrong token. */
  async callback(fields: Record<string, string | number>, options: { forge?: boolean } = {}): Promise<CallbackAnswer> {
    const token = options.forge ? 'not-the-token' : TOKEN;
    const timestamp = String(this.now());
    const nonce = randomBytes(6).toString('hex');
    const query = new URLSearchParams({ signature: sha1(token, timestamp, nonce), timestamp, nonce, openid: String(fields.FromUserName) });
    let body = buildXml(fields);
    if (this.o.safe) {
      const encrypted = wechatEncrypt(body);
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', sha1(token, timestamp, nonce, encrypted));
      body = buildXml({ ToUserName: ACCOUNT, Encrypt: encrypted });
    }
    for (let tries = 1; ; tries++) {
      try {
        const response = await fetch(`${this.o.botUrl()}?${query}`, {
          method: 'POST',
          body,
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000),
        });
        const raw = await response.text();
        return { status: response.status, raw, reply: this.open(raw), tries };
      } catch (err) {
        if (tries >= 3 || (err as Error).name !== 'TimeoutError') throw err;
      }
    }
  }

  private open(raw: string): Record<string, string> | undefined {
    const fields = raw && raw !== 'success' ? parseXmlFields(raw) : undefined;
    if (!fields?.Encrypt) return fields;
    if (fields.MsgSignature !== sha1(TOKEN, fields.TimeStamp ?? '', fields.Nonce ?? '', fields.Encrypt))
      throw new Error('reply signature does not verify');
    return parseXmlFields(wechatDecrypt(fields.Encrypt));
  }

  private now(): number {
    return Math.floor(Date.now() / 1000);
  }
}
