import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The Official Account's message crypto ("消息加解密", WXBizMsgCrypt): SHA-1 signatures over the sorted
 * token/timestamp/nonce(/ciphertext), and AES-256-CBC with the EncodingAESKey for safe and compatible mode.
 */

/** SHA-1 of the parts sorted and joined: `signature` (token, timestamp, nonce) or `msg_signature` (+ Encrypt). */
export function signParts(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Compares a signature from a request with the one we compute, in constant time. */
export function sameSignature(given: string | undefined, expected: string): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** The 43-character EncodingAESKey as the 32-byte AES key (its first 16 bytes are the IV). */
export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('the EncodingAESKey must be 43 characters of base64 (32 bytes)');
  return key;
}

// WeChat pads to 32-byte blocks (PKCS#7 with k = 32), not AES's 16, so Node's own padding is switched off.
const BLOCK = 32;

/** Encrypts a message for `appId`: 16 random bytes, the length (4 bytes, big-endian), the message, the app id. */
export function encryptMessage(key: Buffer, appId: string, message: string, random: Buffer = randomBytes(16)): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** Decrypts an `Encrypt` value; throws when it is not for `appId` or is malformed (never from WeChat, then). */
export function decryptMessage(key: Buffer, appId: string, encrypted: string): string {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || padded.length < 20 + pad) throw new Error('bad padding');
  const plain = padded.subarray(0, padded.length - pad);
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new Error('bad length');
  const from = plain.subarray(20 + length).toString('utf8');
  if (from !== appId) throw new Error('message for another app id');
  return plain.subarray(20, 20 + length).toString('utf8');
}
