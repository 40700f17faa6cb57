import { describe, expect, it } from 'vitest';
import { BOT_NAME, waitFor, worldPerTest, type World } from './mock-world.js';

const start = worldPerTest('wechat-e2e-');

/** The next thing the bot says to `to` after `count` earlier messages there. */
async function nextSaid(w: World, to: string, count = w.said.filter((s) => s.to === to).length) {
  await waitFor(() => w.said.filter((s) => s.to === to).length > count, `a message to ${to}`, 10_000);
  return w.said.filter((s) => s.to === to)[count]!.text;
}

describe('WeChat rooms (wechaty + puppet-mock)', () => {
  it('answers a mention with the asker mentioned, in plain text with numbered suggestions', async () => {
    const w = await start();
    w.alice.say(`@${BOT_NAME}\u2005开网店要办营业执照吗`, [w.self]).to(w.room);
    const text = await nextSaid(w, w.room.id);
    expect(text.startsWith('@橘子姐 ')).toBe(true);
    expect(text).toContain('原则上要办市场主体登记');
    expect(text).toContain('来源：《电子商务法》第十条');
    expect(text).toMatch(/回复数字即可查看：\n1\. 网上卖食品要什么许可？\n2\. 卖自家种的橘子要办照吗？\n3\. 网店要交税吗？/);
    expect(text).not.toMatch(/[*_`#]|<\/?\w+>/);
  });

  it('answers @<bot name> in the text when the puppet sends no mention list', async () => {
    const w = await start();
    w.bob.say(`@${BOT_NAME}\u2005食品要什么许可`).to(w.room);
    expect(await nextSaid(w, w.room.id)).toMatch(/^@老王 卖散装食品要办食品经营许可证/);
  });

  it('stays quiet on chatter and answers the trigger prefix', async () => {
    const w = await start();
    w.bob.say('今天橘子卖得不错，发了三百单').to(w.room);
    w.bob.say('问 开网店要执照吗').to(w.room);
    const text = await nextSaid(w, w.room.id);
    expect(text).toMatch(/^@老王 原则上要办市场主体登记/);
    expect(w.said.filter((s) => s.to === w.room.id)).toHaveLength(1);
  });

  it('picks a numbered follow-up per asker, and forgets it after a few minutes', async () => {
    let offset = 0;
    const w = await start({ clockOffset: () => offset });
    w.alice.say('问 开网店要执照吗').to(w.room);
    await nextSaid(w, w.room.id);
    // Bob's "2" is chatter: the choices were offered to Alice.
    w.bob.say('2').to(w.room);
    w.alice.say('2').to(w.room);
    const picked = await nextSaid(w, w.room.id);
    expect(picked).toMatch(/^@橘子姐 个人卖自产农副产品可以不办照/);
    expect(w.said.filter((s) => s.to === w.room.id)).toHaveLength(2);

    w.alice.say('问 开网店要执照吗').to(w.room);
    await nextSaid(w, w.room.id);
    offset = 10 * 60_000;
    w.alice.say('1').to(w.room);
    w.alice.say('问 食品要什么许可').to(w.room);
    const after = await nextSaid(w, w.room.id);
    expect(after).toMatch(/^@橘子姐 卖散装食品/);
    expect(w.said.filter((s) => s.to === w.room.id)).toHaveLength(4);
  });

  it("takes the asker's 没用 after an answer as feedback (others' is chatter), and the admin sees it in /suggestions", async () => {
    const w = await start();
    w.alice.say('问 开网店要执照吗').to(w.room);
    expect(await nextSaid(w, w.room.id)).toMatch(/回复数字即可查看：[\s\S]+\n\n觉得有帮助吗？回复“有用”或“没用”。$/);
    w.bob.say('没用').to(w.room);
    w.alice.say('没用').to(w.room);
    expect(await nextSaid(w, w.room.id)).toMatch(/^@橘子姐 谢谢反馈，已经记下/);
    w.admin.say('/suggestions').to(w.room);
    expect(await nextSaid(w, w.room.id)).toMatch(/被标为“没用”的回答：\n1\. [a-z-]+ ← “开网店要执照吗”（1次/);
    expect(w.said.filter((s) => s.to === w.room.id)).toHaveLength(3);
  });

  it('runs an admin command for the admin’s id and refuses an impostor with the same name', async () => {
    const w = await start();
    w.admin.say('/unanswered').to(w.room);
    expect(await nextSaid(w, w.room.id)).toMatch(/^@县服务中心小李 目前没有未解答的问题/);
    w.impostor.say('/unanswered').to(w.room);
    expect(await nextSaid(w, w.room.id)).toMatch(/^@县服务中心小李 抱歉，这个命令只有机器人管理员可以使用/);
    expect(w.lines.some((l) => l.msg === 'admin command refused for a non-admin' && l.user === 'wechat:wxid_impostor')).toBe(true);
  });

  it('ignores the backlog delivered at login, official accounts and its own messages', async () => {
    const w = await start();
    const old = w.mocker.MessageMock.create({
      id: 'backlog-1',
      talkerId: w.alice.id,
      roomId: w.room.id,
      text: `@${BOT_NAME}\u2005昨天问的执照问题`,
      mentionIdList: [w.self.id],
      timestamp: Date.now() - 3 * 3600_000,
      type: 7,
    });
    w.puppet.emit('message', { messageId: old.id });
    w.news.say('今日要闻').to(w.self);
    await waitFor(() => w.lines.some((l) => l.reason === 'backlog from before the start'), 'the backlog to be ignored', 10_000);
    await waitFor(() => w.lines.some((l) => l.reason === 'official account'), 'the official account to be ignored', 10_000);
    w.alice.say('问 食品要什么许可').to(w.room);
    await nextSaid(w, w.room.id);
    expect(w.said).toHaveLength(1);
    // The bot's own reply came back as a message and was ignored, not answered.
    await waitFor(() => w.lines.some((l) => l.reason === 'own message'), 'the own message to be ignored', 10_000);
  });

  it('lets the room owner turn on a welcome for new members; other members may not', async () => {
    const w = await start();
    w.bob.say('欢迎语 开').to(w.room);
    expect(await nextSaid(w, w.room.id)).toContain('只有群主（Telegram 群也包括群管理员）或机器人管理员可以设置欢迎语');
    w.alice.say('欢迎语 开 {name}，欢迎！卖货有问题就 @我。').to(w.room);
    expect(await nextSaid(w, w.room.id)).toContain('已开启本群的新成员欢迎语');
    w.room.add(w.newcomer).by(w.alice);
    expect(await nextSaid(w, w.room.id)).toBe('新来的，欢迎！卖货有问题就 @我。');
    // Off by default in every other room.
    w.room2.add(w.newcomer).by(w.bob);
    w.bob.say('问 食品要什么许可').to(w.room2);
    expect(await nextSaid(w, w.room2.id)).toMatch(/^@老王 卖散装食品/);
  });
});

describe('WeChat private chats', () => {
  it('answers every text from a friend, and hints once that voice is not understood', async () => {
    const w = await start();
    w.alice.say('开网店要执照吗').to(w.self);
    const answer = await nextSaid(w, w.alice.id);
    expect(answer).toMatch(/^原则上要办市场主体登记/);
    w.alice.say('1').to(w.self);
    expect(await nextSaid(w, w.alice.id)).toMatch(/^卖散装食品要办食品经营许可证/);

    const voice = w.mocker.MessageMock.create({
      id: 'voice-1',
      talkerId: w.alice.id,
      listenerId: w.self.id,
      timestamp: Date.now(),
      type: 2,
    });
    w.puppet.emit('message', { messageId: voice.id });
    expect(await nextSaid(w, w.alice.id)).toContain('只能看懂文字');
    const again = w.mocker.MessageMock.create({
      id: 'voice-2',
      talkerId: w.alice.id,
      listenerId: w.self.id,
      timestamp: Date.now(),
      type: 2,
    });
    w.puppet.emit('message', { messageId: again.id });
    w.alice.say('食品要什么许可').to(w.self);
    await nextSaid(w, w.alice.id);
    expect(w.said.filter((s) => s.to === w.alice.id).map((s) => s.text.slice(0, 6))).toEqual([
      '原则上要办市',
      '卖散装食品要',
      '我暂时只能看',
      '卖散装食品要',
    ]);
  });

  it("hands a room member's question to the admin, and @-mentions them in the room with the staff answer", async () => {
    const w = await start();
    w.alice.say(`@${BOT_NAME}\u2005转人工 橘子能寄到香港吗`, [w.self]).to(w.room);
    expect(await nextSaid(w, w.room.id)).toMatch(/^@橘子姐 已把您的问题转给县电商服务中心的工作人员（编号 #1）/);
    const push = await nextSaid(w, w.admin.id, 0);
    expect(push).toContain('【人工求助 #1】');
    expect(push).toContain('微信群「县电商交流群」 · 橘子姐（wechat:wxid_alice）');
    // WeChat's quote of the push: the admin answers by quoting it, without typing the number.
    w.admin.say(`「${BOT_NAME}：${push.slice(0, 30)}」\n- - - - - - - - - - - - - - -\n可以寄，走顺丰港澳件，需要报关。`).to(w.self);
    // The answer goes to the room before the admin is told it arrived.
    const answer = await nextSaid(w, w.room.id, 1);
    expect(await nextSaid(w, w.admin.id, 1)).toBe('#1 的答复已送达 橘子姐（微信群「县电商交流群」）。');
    expect(answer).toMatch(/^@橘子姐 【中心工作人员答复】/);
    expect(answer).toContain('可以寄，走顺丰港澳件，需要报关。');
  });
});
