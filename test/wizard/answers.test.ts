import { beforeAll, describe, expect, it } from 'vitest';
import { interpret, nextStep, NO_ANSWERS, toArgs, type Answers } from '../../src/wizard/answers.js';
import { readKaidianRules } from '../../src/wizard/load.js';
import { KaidianFileSchema, type KaidianRules } from '../../src/wizard/schema.js';

let rules: KaidianRules;
beforeAll(async () => {
  const loaded = await readKaidianRules('knowledge');
  expect(loaded.problems).toEqual([]);
  rules = loaded.rules!;
});

const answers = (input: string, from: Answers = NO_ANSWERS) => {
  const r = interpret(rules, from, input);
  if (r.cancel) throw new Error('cancelled');
  return r;
};

describe('wizard answers', () => {
  it('asks goods, then identity, then platforms, then shows the result', () => {
    expect(nextStep(NO_ANSWERS)).toBe('goods');
    expect(nextStep({ ...NO_ANSWERS, goods: 'farm' })).toBe('identity');
    expect(nextStep({ ...NO_ANSWERS, goods: 'farm', identity: 'self' })).toBe('platforms');
    expect(nextStep({ goods: 'farm', identity: 'self', platforms: [], done: true })).toBe('result');
  });

  it('counts digits against the open question, and typed platform numbers are the final choice', () => {
    expect(answers('1').answers).toMatchObject({ goods: 'farm', done: false });
    expect(answers('3', { ...NO_ANSWERS, goods: 'farm' }).answers).toMatchObject({ identity: 'corp' });
    expect(answers('1 3 4', { ...NO_ANSWERS, goods: 'farm', identity: 'self' }).answers).toEqual({
      goods: 'farm',
      identity: 'self',
      platforms: ['tb', 'pdd', 'dy'],
      done: true,
    });
    expect(answers('2 1 1 3').answers).toEqual({ goods: 'packed', identity: 'self', platforms: ['tb', 'pdd'], done: true });
    expect(answers('9', { ...NO_ANSWERS, goods: 'farm' }).unclear).toEqual(['9']);
  });

  it('understands ids, labels and the words merchants use, also inside a short phrase', () => {
    expect(answers('自己种的橘子 个人 淘宝 抖音').answers).toEqual({
      goods: 'farm',
      identity: 'self',
      platforms: ['tb', 'dy'],
      done: true,
    });
    expect(answers('我是个体户', { ...NO_ANSWERS, goods: 'made' }).answers.identity).toBe('gth');
    expect(answers('自己做的辣椒酱').answers.goods).toBe('made');
    expect(answers('拼夕夕，快手、小红书', { ...NO_ANSWERS, goods: 'craft', identity: 'self' }).answers.platforms).toEqual([
      'pdd',
      'ks',
      'xhs',
    ]);
    expect(answers('craft corp').answers).toMatchObject({ goods: 'craft', identity: 'corp' });
  });

  it('matches option words however they are written in the file: full width and capitals do not matter', () => {
    const options = rules.platforms.options.map((o) => (o.id === 'tb' ? { ...o, words: [...o.words, 'Ｔａｏｂａｏ'] } : o));
    const edited = KaidianFileSchema.parse({ ...rules, platforms: { ...rules.platforms, options } });
    const r = interpret(edited, { ...NO_ANSWERS, goods: 'farm', identity: 'self' }, 'TAOBAO');
    expect(r).toMatchObject({ answers: { platforms: ['tb'], done: true }, unclear: [] });
  });

  it('keeps a toggled platform selection open until 完成, and 取消 quits from anywhere', () => {
    const open = answers('farm self p=tb,dy').answers;
    expect(open).toEqual({ goods: 'farm', identity: 'self', platforms: ['tb', 'dy'], done: false });
    expect(answers('farm self p=tb,dy done').answers.done).toBe(true);
    expect(answers('完成', open).answers).toEqual({ ...open, done: true });
    expect(interpret(rules, open, '取消')).toEqual({ cancel: true });
    expect(interpret(rules, NO_ANSWERS, 'farm 取消')).toEqual({ cancel: true });
  });

  it('reports what it did not understand instead of guessing', () => {
    expect(answers('卖点东西').unclear).toEqual(['卖点东西']);
    expect(answers('p=tb,mars').unclear).toEqual(['p=tb,mars']);
    // Two kinds of goods in one phrase: ambiguous.
    expect(answers('水果和辣椒酱').unclear).toEqual(['水果和辣椒酱']);
  });

  // Telegram callback data is 64 bytes; an action that fits (with the adapter's short prefix) travels inside
  // the button and survives restarts instead of living in a token that expires.
  it('fits every button action into Telegram callback data, with room for a prefix', () => {
    const everything = rules.platforms.options.map((o) => o.id);
    for (const g of rules.goods.options) {
      for (const who of rules.identity.options) {
        const args = toArgs({ goods: g.id, identity: who.id, platforms: everything, done: true }, true);
        expect(Buffer.byteLength(`/kaidian ${args}`), args).toBeLessThanOrEqual(60);
        expect(answers(args).answers).toEqual({ goods: g.id, identity: who.id, platforms: everything, done: true });
      }
    }
  });
});
