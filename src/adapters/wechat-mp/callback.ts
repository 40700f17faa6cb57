import { randomBytes } from 'node:crypto';
import { decryptMessage, encryptMessage, sameSignature, signParts } from './crypto.js';
import { buildXml, parseXmlFields } from './xml.js';

/** What the callback needs to check and open WeChat's requests. */
export interface CallbackKeys {
  token: string;
  appId: string;
  /** The AES key from the EncodingAESKey; undefined in plain-text mode. */
  aesKey?: Buffer;
}

/** The query WeChat adds to every callback URL. */
export interface CallbackQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

export type Opened = { ok: true; fields: Record<string, string>; encrypted: boolean } | { ok: false; status: 400 | 401; why: string };

/** The server-configuration check (服务器配置): the echo when the signature is right, else undefined. */
export function verifyEcho(keys: CallbackKeys, q: CallbackQuery): string | undefined {
  if (!q.timestamp || !q.nonce || q.echostr === undefined) return undefined;
  return sameSignature(q.signature, signParts(keys.token, q.timestamp, q.nonce)) ? q.echostr : undefined;
}

/**
 * Checks and opens a callback body. Plain mode: `signature` over token, timestamp, nonce. Safe and compatible
 * mode (`encrypt_type=aes`): `msg_signature` over those and the Encrypt element, which is then decrypted; the
 * plain fields that compatible mode also sends are ignored, so nothing unsigned is ever read.
 */
export function openCallback(keys: CallbackKeys, q: CallbackQuery, body: string): Opened {
  if (!q.timestamp || !q.nonce) return { ok: false, status: 401, why: 'no timestamp or nonce' };
  const outer = parseXmlFields(body);
  if (q.encrypt_type === 'aes') {
    if (!keys.aesKey) return { ok: false, status: 400, why: 'encrypted callback but WECHAT_MP_AES_KEY is not set' };
    const encrypted = outer?.Encrypt;
    if (!encrypted) return { ok: false, status: 400, why: 'no Encrypt element' };
    if (!sameSignature(q.msg_signature, signParts(keys.token, q.timestamp, q.nonce, encrypted)))
      return { ok: false, status: 401, why: 'bad msg_signature' };
    let inner: Record<string, string> | undefined;
    try {
      inner = parseXmlFields(decryptMessage(keys.aesKey, keys.appId, encrypted));
    } catch (err) {
      return { ok: false, status: 400, why: `cannot decrypt (${err instanceof Error ? err.message : String(err)})` };
    }
    return inner ? { ok: true, fields: inner, encrypted: true } : { ok: false, status: 400, why: 'decrypted body is no message' };
  }
  if (!sameSignature(q.signature, signParts(keys.token, q.timestamp, q.nonce))) return { ok: false, status: 401, why: 'bad signature' };
  return outer ? { ok: true, fields: outer, encrypted: false } : { ok: false, status: 400, why: 'body is no message' };
}

/** A passive text reply (被动回复), encrypted and signed when the callback came encrypted. */
export function passiveText(
  keys: CallbackKeys,
  to: { openId: string; account: string },
  content: string,
  now: Date,
  encrypted: boolean,
): string {
  const createTime = Math.floor(now.getTime() / 1000);
  const xml = buildXml({ ToUserName: to.openId, FromUserName: to.account, CreateTime: createTime, MsgType: 'text', Content: content });
  if (!encrypted || !keys.aesKey) return xml;
  const ciphertext = encryptMessage(keys.aesKey, keys.appId, xml);
  const timestamp = String(createTime);
  const nonce = randomBytes(8).toString('hex');
  return buildXml({
    Encrypt: ciphertext,
    MsgSignature: signParts(keys.token, timestamp, nonce, ciphertext),
    TimeStamp: createTime,
    Nonce: nonce,
  });
}
