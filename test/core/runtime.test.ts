import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../src/core/commands.js';
import type { Feature } from '../../src/core/feature.js';
import type { IncomingMessageInput } from '../../src/core/message.js';
import { groupMessage, makeRuntime, privateMessage, recordingLog } from '../helpers/runtime.js';

// A feature standing in for the knowledge base: echoes the question and offers two follow-ups.
const echo: Feature = {
  name: 'echo',
  commands: [
    defineCommand({
      name: 'ask',
      aliases: ['提问'],
      summary: { 'zh-CN': '提问', en: 'ask' },
      usage: '/ask 问题',
      args: z.string().min(1, '请写上问题'),
      run: (ctx, q) =>
        ctx.reply({
          text: `Q:${q}`,
          suggestions: [
            { label: 'one', action: '/ask first' },
            { label: 'two', action: '/ask second' },
          ],
        }),
    }),
    defineCommand({
      name: 'secret',
      aliases: ['机密'],
      summary: { 'zh-CN': '管理员命令', en: 'admin only' },
      usage: '/secret',
      admin: true,
      args: z.string(),
      run: (ctx) => ctx.reply('secret done'),
    }),
    defineCommand({
      name: 'count',
      summary: { 'zh-CN': '数字', en: 'a number' },
      usage: '/count 1-10',
      args: z.coerce.number().int().min(1, '至少 1').max(10, '最多 10'),
      run: (ctx, n) => ctx.reply(`n=${n}`),
    }),
  ],
  handlers: [{ stage: 'fallback', run: (ctx) => ctx.reply(`free:${ctx.text}`) }],
};

describe('router', () => {
  it('answers free text in a private chat', async () => {
    const rt = makeRuntime([echo]);
    expect((await rt.handle(privateMessage('开网店要营业执照吗')))[0]?.text).toBe('free:开网店要营业执照吗');
  });

  it('matches slash commands, @botname suffixes, full-width slashes and Chinese aliases', async () => {
    const rt = makeRuntime([echo]);
    expect((await rt.handle(privateMessage('/ask 抖店要啥证')))[0]?.text).toBe('Q:抖店要啥证');
    expect((await rt.handle(privateMessage('/ask@county_bot 抖店要啥证')))[0]?.text).toBe('Q:抖店要啥证');
    expect((await rt.handle(privateMessage('／ask 抖店')))[0]?.text).toBe('Q:抖店');
    expect((await rt.handle(privateMessage('提问 抖店要啥证')))[0]?.text).toBe('Q:抖店要啥证');
    const help = await rt.handle(privateMessage('帮助'));
    expect(help[0]?.text).toContain('/ask');
  });

  it('treats English words as text, not as commands', async () => {
    const rt = makeRuntime([echo]);
    expect((await rt.handle(privateMessage('help me open a shop')))[0]?.text).toBe('free:help me open a shop');
  });

  it('gives usage help on bad arguments, validated by the command schema', async () => {
    const rt = makeRuntime([echo]);
    const [reply] = await rt.handle(privateMessage('/count 99'));
    expect(reply?.text).toContain('最多 10');
    expect(reply?.text).toContain('用法：/count 1-10');
    expect((await rt.handle(privateMessage('/ask')))[0]?.text).toContain('请写上问题');
  });

  it('says so for an unknown command in a private chat, stays quiet in a group', async () => {
    const rt = makeRuntime([echo]);
    expect((await rt.handle(privateMessage('/nonsense')))[0]?.text).toContain('nonsense');
    expect(await rt.handle(groupMessage('/nonsense'))).toEqual([]);
  });

  it('stays silent on group chatter, answers mentions, replies, triggers and commands', async () => {
    const rt = makeRuntime([echo]);
    expect(await rt.handle(groupMessage('今天橘子卖得不错'))).toEqual([]);
    expect((await rt.handle(groupMessage('抖店要啥证', { mentioned: true })))[0]?.text).toBe('free:抖店要啥证');
    expect((await rt.handle(groupMessage('那食品呢', { replyToBot: true })))[0]?.text).toBe('free:那食品呢');
    expect((await rt.handle(groupMessage('问抖店要啥证')))[0]?.text).toBe('free:抖店要啥证');
    expect((await rt.handle(groupMessage('？抖店要啥证')))[0]?.text).toBe('free:抖店要啥证');
    const [reply] = await rt.handle(groupMessage('/ask 抖店'));
    expect(reply?.text).toBe('Q:抖店');
    expect(reply?.mentionSender).toBe(true);
  });

  it('does not take 问 starting a word for a trigger, and leaves an addressed text whole', async () => {
    const rt = makeRuntime([echo]);
    expect(await rt.handle(groupMessage('问题解决了，谢谢大家'))).toEqual([]);
    expect((await rt.handle(privateMessage('问题是抖店保证金能退吗')))[0]?.text).toBe('free:问题是抖店保证金能退吗');
    expect((await rt.handle(groupMessage('问题是抖店保证金能退吗', { mentioned: true })))[0]?.text).toBe('free:问题是抖店保证金能退吗');
  });

  it('picks a numbered suggestion for the same asker only, and forgets it after expiry', async () => {
    let now = new Date('2026-11-28T02:00:00Z');
    const rt = makeRuntime([echo], { now: () => now });
    await rt.handle(groupMessage('/ask 抖店', {}, 'alice'));
    expect(await rt.handle(groupMessage('2', {}, 'bob'))).toEqual([]);
    expect((await rt.handle(groupMessage('2', {}, 'alice')))[0]?.text).toBe('Q:second');
    now = new Date(now.getTime() + 10 * 60_000);
    expect(await rt.handle(groupMessage('1', {}, 'alice'))).toEqual([]);
  });

  it('cleans invisible characters and caps length before handlers see the text', async () => {
    const rt = makeRuntime([echo]);
    const [reply] = await rt.handle(privateMessage('\u200b/ask\u200d 抖店\u0007 '));
    expect(reply?.text).toBe('Q:抖店');
    const [long] = await rt.handle(privateMessage('长'.repeat(5000)));
    expect(long?.text.length).toBe('free:'.length + 2000);
  });

  it('apologises and logs the update id when a handler throws, without running later handlers', async () => {
    const { log, lines } = recordingLog();
    let reached = false;
    const boom: Feature = {
      name: 'boom',
      handlers: [
        {
          stage: 'flow',
          run: () => {
            throw new Error('kaput');
          },
        },
        {
          stage: 'fallback',
          run: () => {
            reached = true;
          },
        },
      ],
    };
    const rt = makeRuntime([boom], { log });
    const msg = privateMessage('hello');
    const replies = await rt.handle(msg);
    expect(replies[0]?.text).toContain('抱歉');
    expect(reached).toBe(false);
    expect(lines.some((l) => l.update === msg.id && l.msg === 'handler failed')).toBe(true);
  });

  it('never throws for a message that is not even text, and logs it', async () => {
    const { log, lines } = recordingLog();
    const rt = makeRuntime([echo], { log });
    for (const text of [42, { toString: null }, Symbol('x')]) {
      await expect(rt.handle({ ...privateMessage('x'), text } as unknown as IncomingMessageInput)).resolves.toEqual([]);
    }
    expect(lines.filter((l) => l.level === 50)).toHaveLength(3);
    expect((await rt.handle(privateMessage('/ask 还在吗')))[0]?.text).toBe('Q:还在吗');
  });

  it('never fails open when a middleware calls next() twice', async () => {
    const twice: Feature = {
      name: 'twice',
      handlers: [
        {
          stage: 'flow',
          run: async (_ctx, next) => {
            await next();
            await next();
          },
        },
        { stage: 'fallback', run: (ctx) => ctx.reply('once') },
      ],
    };
    const replies = await makeRuntime([twice]).handle(privateMessage('x'));
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining('抱歉')]);
  });
});

describe('roles', () => {
  it('lets admins run admin commands, refuses members politely and logs the attempt', async () => {
    const { log, lines } = recordingLog();
    const rt = makeRuntime([echo], { admins: ['wechat:wxid_admin'], log });
    const admin = await rt.handle(groupMessage('/secret', {}, 'wxid_admin'));
    expect(admin[0]?.text).toBe('secret done');
    const member = await rt.handle(groupMessage('/secret', {}, 'wxid_other'));
    expect(member[0]?.text).toContain('只有机器人管理员');
    expect(lines.some((l) => l.msg === 'admin command refused for a non-admin' && l.user === 'wechat:wxid_other')).toBe(true);
  });

  it('checks the platform id, not the display name, and not the same id on another platform', async () => {
    const rt = makeRuntime([echo], { admins: ['wechat:wxid_admin'] });
    const impostor = groupMessage('/secret', { sender: { id: 'wxid_evil', name: 'wxid_admin' } });
    expect((await rt.handle(impostor))[0]?.text).toContain('只有机器人管理员');
    expect((await rt.handle(privateMessage('/secret', 'wxid_admin', 'telegram')))[0]?.text).toContain('只有机器人管理员');
  });

  it('/whoami tells the platform:id and role; admins see admin commands in /help', async () => {
    const rt = makeRuntime([echo], { admins: ['telegram:42'] });
    expect((await rt.handle(privateMessage('/whoami', '42')))[0]?.text).toContain('telegram:42（机器人管理员）');
    expect((await rt.handle(privateMessage('/help', '42')))[0]?.text).toContain('/secret');
    expect((await rt.handle(privateMessage('/help', '7')))[0]?.text).not.toContain('/secret');
  });
});

describe('flood guard', () => {
  it('slows a user down after the limit, tells them once, logs it, and lets them back after a minute', async () => {
    let now = new Date('2026-11-28T02:00:00Z');
    const { log, lines } = recordingLog();
    const rt = makeRuntime([echo], { now: () => now, log, floodLimit: 5 });
    const replies = [];
    for (let i = 0; i < 8; i++) replies.push(await rt.handle(privateMessage(`问题${i}`, 'spammer')));
    expect(replies.slice(0, 5).every((r) => r[0]?.text.startsWith('free:'))).toBe(true);
    expect(replies[5]?.[0]?.text).toContain('太快');
    expect(replies.slice(6)).toEqual([[], []]);
    expect(lines.filter((l) => l.msg === 'flood guard: user slowed down')).toHaveLength(1);
    expect((await rt.handle(privateMessage('别人', 'calm')))[0]?.text).toBe('free:别人');
    now = new Date(now.getTime() + 61_000);
    expect((await rt.handle(privateMessage('再问', 'spammer')))[0]?.text).toBe('free:再问');
  });

  it('does not count group chatter that is not meant for the bot', async () => {
    const rt = makeRuntime([echo], { floodLimit: 2 });
    for (let i = 0; i < 10; i++) await rt.handle(groupMessage(`聊天${i}`));
    expect((await rt.handle(groupMessage('问抖店')))[0]?.text).toBe('free:抖店');
  });
});

describe('numbered follow-ups', () => {
  it('forgets old choices once a later reply offers none', async () => {
    const plain: Feature = {
      name: 'plain',
      handlers: [
        {
          stage: 'fallback',
          run: (ctx) =>
            ctx.reply(ctx.text === 'offer' ? { text: 'x', suggestions: [{ label: 'a', action: 'picked-a' }] } : `free:${ctx.text}`),
        },
      ],
    };
    const rt = makeRuntime([plain]);
    await rt.handle(privateMessage('offer', 'u9'));
    expect((await rt.handle(privateMessage('1', 'u9')))[0]?.text).toBe('free:picked-a');
    expect((await rt.handle(privateMessage('1', 'u9')))[0]?.text).toBe('free:1');
  });
});
