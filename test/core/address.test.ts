import { describe, expect, it } from 'vitest';
import { afterTrigger, DEFAULT_TRIGGERS, questionText } from '../../src/core/address.js';

describe('questionText: the question without how it addressed the bot', () => {
  it.each([
    ['@助手 问下卖猕猴桃要啥证', '卖猕猴桃要啥证'],
    ['@助手\u2005@小王 请问开网店要营业执照吗', '开网店要营业执照吗'],
    ['问：抖店要啥证', '抖店要啥证'],
    ['？抖店要啥证', '抖店要啥证'],
    ['我想问一下，卖蜂蜜要什么证', '卖蜂蜜要什么证'],
    ['ＡＢＣ店铺怎么开', 'ABC店铺怎么开'],
    ['问题来了：发货超时怎么办', '问题来了:发货超时怎么办'],
    ['请问', '请问'],
  ])('%s → %s', (raw, question) => {
    expect(questionText(raw, DEFAULT_TRIGGERS)).toBe(question);
  });

  it('leaves an @ inside the text to the normaliser (卖蜂蜜@你 is no mention at the start)', () => {
    expect(questionText('卖蜂蜜@你要办什么证')).toBe('卖蜂蜜@你要办什么证');
  });

  it('takes off only the configured triggers', () => {
    expect(questionText('问 抖店要啥证', [])).toBe('问 抖店要啥证');
    expect(questionText('小助手 抖店要啥证', ['小助手'])).toBe('抖店要啥证');
  });
});

describe('afterTrigger: what the chat takes as addressed in a group', () => {
  it('takes a lead-in that starts with the trigger whole', () => {
    expect(afterTrigger('问下卖猕猴桃要啥证', ['问'])).toBe('卖猕猴桃要啥证');
    expect(afterTrigger('问，抖店要啥证', ['问'])).toBe('抖店要啥证');
  });

  it('is no trigger for words that start with 问, nor for a lone trigger', () => {
    expect(afterTrigger('问题解决了', ['问'])).toBeUndefined();
    expect(afterTrigger('问', ['问'])).toBeUndefined();
    expect(afterTrigger('大家好', ['问'])).toBeUndefined();
  });
});
