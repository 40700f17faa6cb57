import { describe, expect, it } from 'vitest';
import { parseWechatMessage } from '../../src/adapters/wechat/parse-message.js';
import { isThrottleNotice } from '../../src/adapters/wechat/throttle-notice.js';
import { FIXTURES, STARTED } from './fixtures/messages.js';

const parse = (name: keyof typeof FIXTURES) => parseWechatMessage(FIXTURES[name], STARTED);

function handled(name: keyof typeof FIXTURES) {
  const parsed = parse(name);
  if (parsed.action !== 'handle') throw new Error(`${name}: expected handle, got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('parseWechatMessage', () => {
  it('flags a mention from the puppet mention list and strips it from the text', () => {
    expect(handled('mentionByList')).toMatchObject({
      text: '开网店要执照吗',
      mentioned: true,
      chat: { platform: 'wechat', id: '12345678@chatroom', kind: 'group', title: '县电商交流群' },
    });
  });

  it('falls back to @<bot name> in the text when the puppet gives no mention list, wherever it stands', () => {
    expect(handled('mentionByNameOnly')).toMatchObject({ text: '开网店要执照吗', mentioned: true });
    expect(handled('mentionAtEnd')).toMatchObject({ text: '开网店要执照吗', mentioned: true });
    expect(handled('mentionByRoomAlias')).toMatchObject({ text: '卖食品要许可吗', mentioned: true });
  });

  it('trusts the puppet’s mention list over @<bot name> in the text: a namesake member is not the bot', () => {
    expect(handled('mentionOfNamesake')).toMatchObject({ mentioned: false, text: '@电商助手 你的快递到了' });
  });

  it('answers a message sent in the second of the login: WeChat’s times are whole seconds, the host’s are not', () => {
    expect(parseWechatMessage(FIXTURES.sameSecondAsStart, new Date('2026-11-28T02:00:00.700Z'))).toMatchObject({ action: 'handle' });
  });

  it('does not take a longer name that starts with the bot name for a mention', () => {
    expect(handled('mentionOfSomeoneElse')).toMatchObject({ mentioned: false, text: '@电商助手2 你好' });
  });

  it('passes chatter and trigger prefixes through unflagged: addressing is the core’s decision', () => {
    expect(handled('chatter')).toMatchObject({ text: '今天橘子卖得不错', mentioned: false, replyToBot: false });
    expect(handled('trigger')).toMatchObject({ text: '问 开网店要执照吗', mentioned: false });
  });

  it('reads a quoted reply to the bot as a reply, keeping only the new text', () => {
    expect(handled('quotedReplyToBot')).toMatchObject({ text: '那食品呢', replyToBot: true, quoted: '原则上要办市场主体登记。' });
    expect(handled('quotedReplyToOther')).toMatchObject({ text: '好的', replyToBot: false });
    expect(handled('quotedReplyToOther').quoted).toBeUndefined();
  });

  it('keys a private chat by the contact id and names the sender by id, never by display name', () => {
    expect(handled('privateText')).toMatchObject({
      chat: { id: 'wxid_alice', kind: 'private' },
      sender: { id: 'wxid_alice', name: '橘子姐' },
    });
  });

  it('asks for text once for voice and pictures in private chats, ignores media in rooms', () => {
    expect(parse('privateVoice')).toEqual({ action: 'media-hint' });
    expect(parse('privateImage')).toEqual({ action: 'media-hint' });
    expect(parse('roomImage')).toMatchObject({ action: 'ignore' });
  });

  it('ignores own messages, official accounts, strangers and the backlog from before the start', () => {
    expect(parse('own')).toEqual({ action: 'ignore', reason: 'own message' });
    expect(parse('official')).toEqual({ action: 'ignore', reason: 'official account' });
    expect(parse('stranger')).toEqual({ action: 'ignore', reason: 'not a friend' });
    expect(parse('backlog')).toEqual({ action: 'ignore', reason: 'backlog from before the start' });
  });

  it('recognises WeChat’s throttle notice, but not a member quoting it', () => {
    expect(parse('throttleNotice')).toEqual({ action: 'throttled', notice: '操作过于频繁，可稍后再试。' });
    expect(parse('memberQuotingThrottle')).toMatchObject({ action: 'handle' });
  });
});

describe('isThrottleNotice', () => {
  it.each(['发送消息过于频繁，可稍后再试。', 'Too many attempts. Try again later', 'operate too often'])('matches %s', (text) => {
    expect(isThrottleNotice(text)).toBe(true);
  });
  it('does not match ordinary failures', () => {
    expect(isThrottleNotice('not logged in')).toBe(false);
  });
});
