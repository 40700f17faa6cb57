import { describe, expect, it } from 'vitest';
import { renderWechat } from '../../src/adapters/wechat/render-reply.js';

describe('renderWechat', () => {
  it('renders plain text with the title, the answer and numbered suggestions in one message', () => {
    const parts = renderWechat(
      {
        title: '营业执照',
        text: '原则上要办。\n来源：《电子商务法》第十条',
        suggestions: [{ label: '卖食品呢？', action: '/answer food' }],
      },
      'zh-CN',
      2000,
    );
    expect(parts).toEqual(['【营业执照】\n\n原则上要办。\n来源：《电子商务法》第十条\n\n回复数字即可查看：\n1. 卖食品呢？']);
  });

  it('cuts a long reply at paragraph breaks, and a paragraph longer than the limit by characters', () => {
    const parts = renderWechat({ text: ['甲'.repeat(8), '乙'.repeat(8), '丙'.repeat(25)].join('\n\n') }, 'zh-CN', 20);
    expect(parts).toEqual(['甲'.repeat(8) + '\n\n' + '乙'.repeat(8), '丙'.repeat(20), '丙'.repeat(5)]);
    expect(parts.every((p) => [...p].length <= 20)).toBe(true);
  });
});

describe('renderWechat quick-reply hint', () => {
  const quickReplies = [{ word: '没用', action: '/feedback 0a1b2c3d useless' }];
  it('adds the hint to the last message when it fits, and leaves it out rather than send it alone', () => {
    expect(renderWechat({ text: '甲'.repeat(10), quickReplies, quickRepliesHint: '回复没用' }, 'zh-CN', 20)).toEqual([
      '甲'.repeat(10) + '\n\n回复没用',
    ]);
    expect(renderWechat({ text: '甲'.repeat(18), quickReplies, quickRepliesHint: '回复没用' }, 'zh-CN', 20)).toEqual(['甲'.repeat(18)]);
  });
});
