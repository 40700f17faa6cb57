import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml, TELEGRAM_MAX_LENGTH } from '../../src/adapters/telegram/render-html.js';
import { splitText } from '../../src/adapters/split-text.js';
import { visibleText } from './helpers.js';

const encode = (action: string) => `a:${action}`;

describe('renderHtml', () => {
  it.each([
    ['<b>加粗</b>', '&lt;b&gt;加粗&lt;/b&gt;'],
    ['A & B', 'A &amp; B'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<i>unbalanced', '&lt;i&gt;unbalanced'],
    ['&lt; already escaped', '&amp;lt; already escaped'],
    ['say "hi"', 'say &quot;hi&quot;'],
  ])('escapes hostile text %s', (text, html) => {
    expect(renderHtml({ text }, encode).chunks).toEqual([{ html, plain: text }]);
  });

  it('names the addressee of a push with a mention by user id, escaped, and in the plain fallback', () => {
    const { chunks } = renderHtml({ title: '答复', text: '正文', mention: { id: '42', name: 'A<B>' } }, encode);
    expect(chunks[0]).toEqual({ html: '<a href="tg://user?id=42">A&lt;B&gt;</a> <b>答复</b>\n\n正文', plain: '@A<B> 答复\n\n正文' });
    // An id that is no Telegram user id is not put into a link.
    expect(renderHtml({ text: '正文', mention: { id: '"><x', name: 'n' } }, encode).chunks[0]!.html).toBe('正文');
  });

  it('puts the title in bold, escaped, above the text', () => {
    const { chunks } = renderHtml({ title: 'A<B>', text: '正文' }, encode);
    expect(chunks[0]!.html).toBe('<b>A&lt;B&gt;</b>\n\n正文');
    expect(visibleText(chunks[0]!.html)).toBe('A<B>\n\n正文');
  });

  it('turns suggestions into one button per row under the last chunk, callback data from the codec', () => {
    const rendered = renderHtml(
      {
        text: '您是想问：',
        suggestions: [
          { label: '食品经营许可', action: '/answer food-license' },
          { label: 'SC 认证', action: '/answer food-sc' },
        ],
      },
      encode,
    );
    expect(rendered.keyboard).toEqual({
      inline_keyboard: [
        [{ text: '食品经营许可', callback_data: 'a:/answer food-license' }],
        [{ text: 'SC 认证', callback_data: 'a:/answer food-sc' }],
      ],
    });
  });

  it('cuts a long title between characters, never inside an emoji, and labels a blank button by its number', () => {
    const rendered = renderHtml(
      { title: 'a' + '😀'.repeat(250), text: '正文', suggestions: [{ label: ' \n ', action: '/answer x' }] },
      encode,
    );
    expect(rendered.chunks[0]!.plain.split('\n')[0]).toMatch(/^a(😀)+…$/u);
    expect(rendered.chunks[0]!.html).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(rendered.keyboard?.inline_keyboard[0]![0]!.text).toBe('1');
  });

  it('splits a long answer at paragraph boundaries, each message within the limit', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `第${i + 1}段` + '很'.repeat(1500));
    const { chunks } = renderHtml({ title: '长答案', text: paragraphs.join('\n\n') }, encode);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(visibleText(chunk.html).length).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
      // Every chunk starts at a paragraph start.
      expect(chunk.plain.replace(/^长答案\n\n/, '')).toMatch(/^第\d段/);
    }
    expect(chunks.map((c) => c.plain).join('\n\n')).toBe(`长答案\n\n${paragraphs.join('\n\n')}`);
  });

  it('cuts a paragraph with no breaks after a sentence, never inside a surrogate pair', () => {
    const sentence = '这是一句话😀。';
    const text = sentence.repeat(1200);
    const pieces = splitText(text, TELEGRAM_MAX_LENGTH);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
      expect(piece.endsWith('。') || piece === pieces.at(-1)).toBe(true);
      expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('for any text: chunks within the limit, well-formed HTML, nothing lost', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom('<b>', '</i>', '&', '&amp;', '\n\n', '\n', '😀', '<script>', '"'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 20, max: 300 }), (parts, max) => {
        const text = parts.join('');
        const { chunks } = renderHtml({ text }, encode, max);
        const shown = chunks.map((c) => visibleText(c.html));
        for (const s of shown) expect(s.length).toBeLessThanOrEqual(max);
        expect(shown).toEqual(chunks.map((c) => c.plain));
        // Splitting only drops whitespace at the cuts.
        expect(shown.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a message for buttons even without text, and sends nothing for an empty reply', () => {
    expect(renderHtml({ text: '', suggestions: [{ label: 'x', action: '/x' }] }, encode).chunks).toHaveLength(1);
    expect(renderHtml({ text: '  ' }, encode)).toEqual({ chunks: [] });
  });

  it('escapes the four characters Telegram HTML knows', () => {
    expect(escapeHtml('<&>"')).toBe('&lt;&amp;&gt;&quot;');
  });
});

describe('choices heading', () => {
  it('shows the heading above the buttons, not the numbered footer', () => {
    const out = renderHtml(
      { text: '', suggestions: [{ label: 'A', action: '/answer a' }], suggestionsTitle: '您是想问：', suggestionsFooter: '回复数字即可' },
      (a) => a,
    );
    expect(out.chunks[0]?.plain).toBe('您是想问：');
    expect(out.keyboard?.inline_keyboard).toHaveLength(1);
  });
});

describe('quick replies', () => {
  it('puts them side by side in one last row, under the one-per-row choices, with or without choices', () => {
    const quickReplies = [
      { word: '有用', action: '/feedback 0a1b2c3d useful' },
      { word: '没用', action: '/feedback 0a1b2c3d useless' },
    ];
    const out = renderHtml(
      { text: '答案。', suggestions: [{ label: 'A', action: '/answer a' }], quickReplies, quickRepliesHint: '回复“没用”' },
      (a) => a,
    );
    expect(out.keyboard?.inline_keyboard).toEqual([
      [{ text: 'A', callback_data: '/answer a' }],
      [
        { text: '有用', callback_data: '/feedback 0a1b2c3d useful' },
        { text: '没用', callback_data: '/feedback 0a1b2c3d useless' },
      ],
    ]);
    // The typed-word hint is for platforms without buttons.
    expect(out.chunks[0]?.plain).toBe('答案。');
    expect(renderHtml({ text: '答案。', quickReplies }, (a) => a).keyboard?.inline_keyboard).toHaveLength(1);
  });
});
