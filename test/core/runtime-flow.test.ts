import { describe, expect, it } from 'vitest';
import type { Feature } from '../../src/core/feature.js';
import { makeRuntime, privateMessage } from '../helpers/runtime.js';

// The runtime records the choices of each reply; a flow a handler leaves open must survive that.
describe('flows in the runtime', () => {
  const at = Date.parse('2026-11-28T02:00:00Z');
  const flowing: Feature = {
    name: 'flowing',
    handlers: [
      {
        stage: 'fallback',
        run: (ctx) => {
          if (ctx.text === 'start') {
            ctx.conversations.set(ctx.conversationKey, { flow: { name: 'f', data: { n: 1 } } }, ctx.now.getTime(), 60_000);
            ctx.reply({ text: 'step one', suggestions: [{ label: 'a', action: 'picked-a' }] });
          } else {
            ctx.reply(`plain:${ctx.text}`);
          }
        },
      },
    ],
  };

  it('keeps the flow and its expiry next to the latest choices, and drops the choices when a reply offers none', async () => {
    const rt = makeRuntime([flowing]);
    await rt.handle(privateMessage('start', 'u7'));
    const state = rt.conversations.get('telegram:u7:u7', at);
    expect(state).toMatchObject({ flow: { name: 'f', data: { n: 1 } }, suggestions: [{ action: 'picked-a' }], expiresAt: at + 60_000 });

    await rt.handle(privateMessage('something', 'u7'));
    const after = rt.conversations.get('telegram:u7:u7', at);
    expect(after).toMatchObject({ flow: { name: 'f' }, expiresAt: at + 60_000 });
    expect(after?.suggestions).toBeUndefined();
    expect(rt.conversations.get('telegram:u7:u7', at + 60_000)).toBeUndefined();
  });
});
