import { describe, expect, it } from 'vitest';
import { chatIdOf, parseUpdate, type BotIdentity } from '../../src/adapters/telegram/parse-update.js';

const me: BotIdentity = { id: 666, username: 'County_Bot' };
const user = { id: 42, is_bot: false, first_name: '小王', last_name: '果园', username: 'wang', language_code: 'zh-hans' };
const group = { id: -100123, type: 'supergroup', title: '县电商交流群' };
const privateChat = { id: 42, type: 'private', first_name: '小王' };

function message(text: string, extra: Record<string, unknown> = {}) {
  return { update_id: 1001, message: { message_id: 7, date: 1_764_000_000, chat: group, from: user, text, ...extra } };
}

describe('parseUpdate', () => {
  it('turns a private text into a question from the user, with language and date', () => {
    const parsed = parseUpdate(
      { update_id: 5, message: { message_id: 3, date: 1_764_000_000, chat: privateChat, from: user, text: '开网店要营业执照吗' } },
      me,
    );
    expect(parsed).toEqual({
      kind: 'message',
      message: {
        id: '5',
        chat: { platform: 'telegram', id: '42', kind: 'private' },
        sender: { id: '42', name: '小王 果园', language: 'zh-hans' },
        text: '开网店要营业执照吗',
        mentioned: false,
        replyToBot: false,
        at: new Date(1_764_000_000_000),
      },
      messageId: 3,
      userId: 42,
      anonymousAdmin: false,
    });
  });

  it('keeps group chatter unaddressed, with the group title', () => {
    const parsed = parseUpdate(message('今天橘子卖得不错'), me);
    expect(parsed.kind).toBe('message');
    if (parsed.kind !== 'message') return;
    expect(parsed.message.chat).toEqual({ platform: 'telegram', id: '-100123', kind: 'group', title: '县电商交流群' });
    expect(parsed.message.mentioned).toBe(false);
    expect(parsed.message.replyToBot).toBe(false);
  });

  it('recognises an @mention of the bot (any case, entity or not) and takes it out of the question', () => {
    const withEntity = parseUpdate(message('@County_Bot 抖店要啥证', { entities: [{ type: 'mention', offset: 0, length: 11 }] }), me);
    const plain = parseUpdate(message('请问 @county_bot 抖店要啥证'), me);
    for (const parsed of [withEntity, plain]) {
      expect(parsed).toMatchObject({ kind: 'message', message: { mentioned: true } });
      if (parsed.kind === 'message') expect(parsed.message.text).toMatch(/^(请问 )?抖店要啥证$/);
    }
    expect(parseUpdate(message('@County_Bot_fan 你好'), me)).toMatchObject({ message: { mentioned: false, text: '@County_Bot_fan 你好' } });
  });

  it('counts a text_mention that links to the bot', () => {
    const text = '县域助手 怎么开店';
    const parsed = parseUpdate(
      message(text, { entities: [{ type: 'text_mention', offset: 0, length: 4, user: { id: 666, is_bot: true } }] }),
      me,
    );
    expect(parsed).toMatchObject({ message: { mentioned: true, text: '怎么开店' } });
  });

  it('marks a reply to the bot', () => {
    const parsed = parseUpdate(
      message('那食品呢', { reply_to_message: { message_id: 6, from: { id: 666, is_bot: true, first_name: 'bot' }, text: '原则上要办' } }),
      me,
    );
    expect(parsed).toMatchObject({ message: { replyToBot: true, quoted: '原则上要办' } });
    // Only the bot's own message is kept: a reply to someone else quotes nothing.
    const other = parseUpdate(
      message('好的', { reply_to_message: { message_id: 7, from: { id: 9, is_bot: false, first_name: '老王' }, text: '今天发货了' } }),
      me,
    );
    expect(other.kind === 'message' && other.message.quoted).toBeUndefined();
  });

  it('keeps /ask@ourbot and ignores commands meant for another bot', () => {
    expect(parseUpdate(message('/ask@County_Bot 抖店要啥证'), me)).toMatchObject({ kind: 'message' });
    expect(parseUpdate(message('/ask 抖店要啥证'), me)).toMatchObject({ kind: 'message', message: { text: '/ask 抖店要啥证' } });
    expect(parseUpdate(message('/help@other_bot'), me)).toEqual({ kind: 'ignore', reason: 'command for another bot' });
  });

  it('treats an anonymous group admin as the group speaking, and flags it', () => {
    const anonymous = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const parsed = parseUpdate(message('/subscribe', { from: anonymous, sender_chat: group }), me);
    expect(parsed).toMatchObject({
      kind: 'message',
      anonymousAdmin: true,
      userId: undefined,
      message: { sender: { id: '-100123', name: '县电商交流群' } },
    });
  });

  it('reads a photo caption as the question and ignores texts from bots and channels', () => {
    expect(parseUpdate(message('', { text: undefined, caption: '这个包装能写“最好”吗' }), me)).toMatchObject({
      message: { text: '这个包装能写“最好”吗' },
    });
    expect(parseUpdate(message('hi', { from: { id: 9, is_bot: true, first_name: 'other' } }), me)).toMatchObject({ kind: 'ignore' });
    expect(
      parseUpdate(
        { update_id: 3, message: { message_id: 1, date: 1, chat: { id: -1001, type: 'channel', title: 'news' }, text: 'x' } },
        me,
      ),
    ).toMatchObject({ kind: 'ignore' });
    expect(parseUpdate(message('', { text: undefined }), me)).toEqual({ kind: 'ignore', reason: 'no text' });
  });

  it('ignores a linked channel’s automatic forward and messages forwarded into a group, but reads a forward in a private chat', () => {
    const channel = { id: -1009, type: 'channel', title: '县电商资讯' };
    expect(parseUpdate(message('今日资讯：直播带货要点', { is_automatic_forward: true, sender_chat: channel }), me)).toMatchObject({
      kind: 'ignore',
    });
    const forwarded = { forward_origin: { type: 'channel', chat: channel, message_id: 3, date: 1_763_000_000 } };
    expect(parseUpdate(message('开网店要执照吗', forwarded), me)).toMatchObject({ kind: 'ignore', reason: 'forwarded into a group' });
    expect(parseUpdate(message('开网店要执照吗', { forward_date: 1_763_000_000 }), me)).toMatchObject({ kind: 'ignore' });
    expect(parseUpdate(message('开网店要执照吗', { chat: privateChat, ...forwarded }), me)).toMatchObject({ kind: 'message' });
  });

  it('turns a button press into a callback with the chat of the button message', () => {
    const parsed = parseUpdate(
      { update_id: 9, callback_query: { id: 'cb1', from: user, data: 'a:/answer x', message: { message_id: 77, chat: group } } },
      me,
    );
    expect(parsed).toEqual({
      kind: 'callback',
      queryId: 'cb1',
      data: 'a:/answer x',
      chat: { platform: 'telegram', id: '-100123', kind: 'group', title: '县电商交流群' },
      sender: { id: '42', name: '小王 果园', language: 'zh-hans' },
      userId: 42,
      messageId: 77,
      updateId: '9',
    });
    // An inline-mode button has no message: no chat to answer in.
    expect(parseUpdate({ update_id: 10, callback_query: { id: 'cb2', from: user, data: 'x' } }, me)).toMatchObject({
      kind: 'callback',
      chat: undefined,
    });
  });

  it.each([
    ['kicked', 'supergroup', false, 'removed from the group'],
    ['left', 'group', false, 'left the group'],
    ['kicked', 'private', false, 'blocked by the user'],
    ['member', 'supergroup', true, 'added'],
    ['administrator', 'group', true, 'added'],
  ])('reads my_chat_member %s in a %s as active=%s', (status, type, active, reason) => {
    const chat = type === 'private' ? privateChat : { ...group, type };
    const parsed = parseUpdate(
      {
        update_id: 11,
        my_chat_member: {
          chat,
          from: user,
          date: 1,
          old_chat_member: { status: 'member' },
          new_chat_member: { status, user: { id: 666 } },
        },
      },
      me,
    );
    expect(parsed).toMatchObject({ kind: 'membership', active, reason });
  });

  it('reads both migration service messages as old id → new id', () => {
    const old = { id: -4567, type: 'group', title: '老群' };
    expect(
      parseUpdate({ update_id: 12, message: { message_id: 1, date: 1, chat: old, from: user, migrate_to_chat_id: -1009876 } }, me),
    ).toEqual({ kind: 'migrate', fromId: '-4567', toId: '-1009876', title: '老群' });
    expect(
      parseUpdate(
        {
          update_id: 13,
          message: { message_id: 1, date: 1, chat: { id: -1009876, type: 'supergroup', title: '老群' }, migrate_from_chat_id: -4567 },
        },
        me,
      ),
    ).toEqual({
      kind: 'migrate',
      fromId: '-4567',
      toId: '-1009876',
      title: '老群',
    });
  });

  it('lists people (not bots) who joined a group', () => {
    const parsed = parseUpdate(
      message('', { text: undefined, new_chat_members: [user, { id: 5, is_bot: true, first_name: 'spam_bot' }] }),
      me,
    );
    expect(parsed).toEqual({
      kind: 'joined',
      chat: { platform: 'telegram', id: '-100123', kind: 'group', title: '县电商交流群' },
      names: ['小王 果园'],
    });
  });

  it('ignores malformed and unknown updates instead of throwing', () => {
    expect(parseUpdate(null, me).kind).toBe('ignore');
    expect(parseUpdate({ update_id: 'x' }, me).kind).toBe('ignore');
    expect(parseUpdate({ update_id: 1, message: { chat: group } }, me).kind).toBe('ignore');
    expect(parseUpdate({ update_id: 1, edited_message: message('x').message }, me)).toEqual({
      kind: 'ignore',
      reason: 'update type not handled',
    });
  });

  it('finds the chat of any update, for ordering', () => {
    expect(chatIdOf(message('x'))).toBe('-100123');
    expect(chatIdOf({ update_id: 1, callback_query: { id: 'q', from: user, message: { message_id: 1, chat: privateChat } } })).toBe('42');
    expect(chatIdOf({ update_id: 1 })).toBeUndefined();
  });
});
