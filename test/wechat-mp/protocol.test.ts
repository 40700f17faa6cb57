import { describe, expect, it } from 'vitest';
import { aesKeyOf, decryptMessage, encryptMessage, signParts } from '../../src/adapters/wechat-mp/crypto.js';
import { openCallback, passiveText, verifyEcho } from '../../src/adapters/wechat-mp/callback.js';
import { parseInbound } from '../../src/adapters/wechat-mp/parse-message.js';
import { buildXml, parseXmlFields } from '../../src/adapters/wechat-mp/xml.js';

const APP = 'wx0123456789abcdef';
const KEY = aesKeyOf('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
const keys = { token: 'countytoken', appId: APP, aesKey: KEY };
const base = { ToUserName: 'gh_county', FromUserName: 'oUSER', CreateTime: '1765000000' };

describe('Official Account messages (pure)', () => {
  it('reads text, recognised voice, follows, unfollows, menu clicks and other types', () => {
    expect(parseInbound({ ...base, MsgType: 'text', Content: '卖橘子要执照吗', MsgId: '24587325117483264' })).toMatchObject({
      kind: 'text',
      text: '卖橘子要执照吗',
      dedupKey: 'msg:24587325117483264',
    });
    expect(parseInbound({ ...base, MsgType: 'voice', Recognition: '卖橘子要执照吗', MsgId: '1' })).toMatchObject({
      kind: 'text',
      text: '卖橘子要执照吗',
    });
    expect(parseInbound({ ...base, MsgType: 'voice', Recognition: '', MsgId: '2' })).toMatchObject({ kind: 'other', what: 'voice' });
    expect(parseInbound({ ...base, MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_123' })).toMatchObject({ kind: 'subscribe' });
    expect(parseInbound({ ...base, MsgType: 'event', Event: 'unsubscribe' })).toMatchObject({ kind: 'unsubscribe' });
    expect(parseInbound({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'EVENTS' })).toMatchObject({ kind: 'click', key: 'EVENTS' });
    expect(parseInbound({ ...base, MsgType: 'image', MsgId: '3' })).toMatchObject({ kind: 'other', what: 'image' });
    expect(parseInbound({ MsgType: 'text', Content: 'x' })).toBeUndefined();
  });

  it('tells two clicks of one second apart, and a retried event from a new one', () => {
    const a = parseInbound({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'HELP' });
    const b = parseInbound({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'EVENTS' });
    const again = parseInbound({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'HELP' });
    expect(a?.dedupKey).not.toBe(b?.dedupKey);
    expect(a?.dedupKey).toBe(again?.dedupKey);
  });

  it('keeps a 64-bit MsgId exact and a text with ]]> whole through XML', () => {
    const xml = buildXml({ Content: 'a]]>b <c> &amp; 你好', MsgId: '18446744073709551615' });
    expect(parseXmlFields(xml)).toEqual({ Content: 'a]]>b <c> &amp; 你好', MsgId: '18446744073709551615' });
    expect(parseXmlFields('not xml <')).toBeUndefined();
    expect(parseXmlFields('<other>1</other>')).toBeUndefined();
  });

  it('encrypts and decrypts, refusing a message for another app id or a damaged one', () => {
    const message = '<xml><Content><![CDATA[你好]]></Content></xml>';
    const encrypted = encryptMessage(KEY, APP, message);
    expect(decryptMessage(KEY, APP, encrypted)).toBe(message);
    expect(() => decryptMessage(KEY, 'wxffffffffffffffff', encrypted)).toThrow(/another app/);
    expect(() => decryptMessage(KEY, APP, Buffer.from('x'.repeat(32)).toString('base64'))).toThrow();
    expect(() => aesKeyOf('short')).toThrow(/43/);
  });

  it('checks the signatures of a verification and of plain and encrypted callbacks', () => {
    const q = { timestamp: '1765000000', nonce: 'n1' };
    expect(verifyEcho(keys, { ...q, signature: signParts('countytoken', q.timestamp, q.nonce), echostr: 'e1' })).toBe('e1');
    expect(verifyEcho(keys, { ...q, signature: signParts('other', q.timestamp, q.nonce), echostr: 'e1' })).toBeUndefined();
    const body = buildXml({ ...base, MsgType: 'text', Content: 'hi', MsgId: '9' });
    expect(openCallback(keys, { ...q, signature: signParts('countytoken', q.timestamp, q.nonce) }, body)).toMatchObject({
      ok: true,
      encrypted: false,
    });
    expect(openCallback(keys, { ...q, signature: 'f'.repeat(40) }, body)).toMatchObject({ ok: false, status: 401 });
    const encrypted = encryptMessage(KEY, APP, body);
    // Compatible mode sends the plain fields too; only the signed, encrypted ones are read.
    const compatible = buildXml({ ...base, MsgType: 'text', Content: 'unsigned text', MsgId: '9', Encrypt: encrypted });
    const opened = openCallback(
      keys,
      { ...q, encrypt_type: 'aes', msg_signature: signParts('countytoken', q.timestamp, q.nonce, encrypted) },
      compatible,
    );
    expect(opened).toMatchObject({ ok: true, encrypted: true, fields: { Content: 'hi' } });
    expect(
      openCallback(keys, { ...q, encrypt_type: 'aes', msg_signature: signParts('countytoken', q.timestamp, q.nonce, 'x') }, compatible),
    ).toMatchObject({ ok: false, status: 401 });
  });

  it('encrypts and signs a passive reply to an encrypted callback', () => {
    const reply = parseXmlFields(
      passiveText(keys, { openId: 'oUSER', account: 'gh_county' }, '答复', new Date('2026-12-06T00:00:00Z'), true),
    )!;
    expect(reply.MsgSignature).toBe(signParts('countytoken', reply.TimeStamp!, reply.Nonce!, reply.Encrypt!));
    expect(parseXmlFields(decryptMessage(KEY, APP, reply.Encrypt!))).toMatchObject({
      ToUserName: 'oUSER',
      FromUserName: 'gh_county',
      MsgType: 'text',
      Content: '答复',
    });
  });
});
