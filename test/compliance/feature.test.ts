import { beforeAll, describe, expect, it } from 'vitest';
import { copyCheckFeature } from '../../src/compliance/feature.js';
import type { Feature } from '../../src/core/feature.js';
import type { FaqSource } from '../../src/knowledge/faq-links.js';
import { groupMessage, makeRuntime, privateMessage, silentLog } from '../helpers/runtime.js';
import { tempDir } from '../helpers/cli.js';

// Only the FAQ questions matter here: a lookup that knows every id.
const faq: FaqSource = { current: () => ({ entry: (id) => ({ question: `问：${id}` }) as never }) };
const answerer: Feature = { name: 'answerer', handlers: [{ stage: 'fallback', run: (ctx) => ctx.reply(`answer:${ctx.text}`) }] };

let feature: Feature;
beforeAll(async () => {
  feature = copyCheckFeature({ dir: 'knowledge', faq, log: silentLog });
  await feature.start!();
});

describe('/check', () => {
  it('lists each risky wording with kind, rule and suggestion, the disclaimer, and the FAQ entries as choices', async () => {
    const rt = makeRuntime([feature, answerer]);
    const [reply] = await rt.handle(privateMessage('/check 全网最低价 赣南脐橙 降血压 第一次购买送小样'));
    expect(reply!.title).toBe('发现 2 处风险说法');
    expect(reply!.text).toContain('「全网最低价」');
    expect(reply!.text).toContain('「降血压」');
    expect(reply!.text).toContain('《广告法》第十七条');
    expect(reply!.text).toContain('建议：');
    expect(reply!.text).not.toContain('第一次');
    expect(reply!.text).toContain('不是法律意见');
    expect(reply!.suggestions?.map((s) => s.action)).toEqual(['/answer ad-price-marking', '/answer ad-disease-claims-food']);
  });

  it('answers to the Chinese names 检查文案 and 查违禁词', async () => {
    const rt = makeRuntime([feature, answerer]);
    expect((await rt.handle(privateMessage('检查文案 顶级品质')))[0]!.text).toContain('「顶级」');
    expect((await rt.handle(privateMessage('查违禁词 好评返现')))[0]!.text).toContain('「好评返现」');
  });

  it('says when nothing was found, and that a check is not legal advice', async () => {
    const rt = makeRuntime([feature, answerer]);
    const [reply] = await rt.handle(privateMessage('/check 最近上新 最后一天包邮 第一步拆包装'));
    expect(reply!.title).toBe('没有发现常见的风险说法');
    expect(reply!.text).toContain('不是法律意见');
    expect(reply!.suggestions).toBeUndefined();
  });

  it('takes the next message as the text after a bare /check, then goes back to answering questions', async () => {
    // The answerer listed first: the waiting state is a flow, and flows come before the fallback whatever the order.
    const rt = makeRuntime([answerer, feature]);
    expect((await rt.handle(privateMessage('/check', 'u2')))[0]!.text).toContain('发过来');
    expect((await rt.handle(privateMessage('纯天然 无添加 蜂蜜', 'u2')))[0]!.title).toBe('发现 2 处风险说法');
    expect((await rt.handle(privateMessage('纯天然能写吗', 'u2')))[0]!.text).toBe('answer:纯天然能写吗');
  });

  it('keeps one asker waiting without catching what others say in the group', async () => {
    const rt = makeRuntime([feature, answerer]);
    await rt.handle(groupMessage('/check', {}, 'alice'));
    expect((await rt.handle(groupMessage('顶级好茶', { mentioned: true }, 'bob')))[0]!.text).toBe('answer:顶级好茶');
    expect((await rt.handle(groupMessage('顶级好茶', { mentioned: true }, 'alice')))[0]!.title).toBe('发现 1 处风险说法');
  });

  it('is politely unavailable when the rules file is broken or missing, and says so in health', async () => {
    const broken = copyCheckFeature({ dir: await tempDir('no-rules-'), faq, log: silentLog });
    await broken.start!();
    const rt = makeRuntime([broken, answerer]);
    expect((await rt.handle(privateMessage('/check 顶级')))[0]!.text).toContain('暂时用不了');
    expect(broken.health!()).toMatchObject({ rules: 0, error: expect.stringContaining('file is missing') });
  });
});
