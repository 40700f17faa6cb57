import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../src/core/plain-text.js';

describe('plain-text rendering', () => {
  it('numbers the suggestions under their heading, once', () => {
    const text = renderPlain({
      text: '答案。',
      suggestions: [
        { label: '甲', action: '/answer a' },
        { label: '乙', action: '/answer b' },
      ],
      suggestionsTitle: '相关问题：',
    });
    expect(text).toBe('答案。\n\n相关问题：\n1. 甲\n2. 乙');
  });

  it('falls back to a generic prompt and shows the footer after the list', () => {
    const text = renderPlain({
      title: '向导',
      text: '第一步',
      suggestions: [{ label: '个人', action: '/kaidian 1' }],
      suggestionsFooter: '发“取消”退出',
    });
    expect(text).toBe('【向导】\n\n第一步\n\n回复数字即可查看：\n1. 个人\n发“取消”退出');
  });
});

describe('quick replies in plain text', () => {
  it('ends with the hint saying which word to type, after the choices', () => {
    const text = renderPlain({
      text: '答案。',
      suggestions: [{ label: '甲', action: '/answer a' }],
      suggestionsTitle: '相关问题：',
      quickReplies: [{ word: '没用', action: '/feedback 0a1b2c3d useless' }],
      quickRepliesHint: '回复“没用”',
    });
    expect(text).toBe('答案。\n\n相关问题：\n1. 甲\n\n回复“没用”');
  });
});
