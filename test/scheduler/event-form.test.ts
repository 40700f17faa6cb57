import { describe, expect, it } from 'vitest';
import { parseEventAdd, parseEventEdit, type EventDraft } from '../../src/scheduler/event-form.js';
import { formatEventTime, parseLocalDateTime, parseLocalRange } from '../../src/scheduler/local-time.js';
import type { CalendarEvent } from '../../src/scheduler/schemas.js';

const opts = { zone: 'Asia/Shanghai', now: new Date('2026-11-28T02:00:00Z'), locale: 'zh-CN' } as const;

function ok<T>(result: { ok: true; value: T } | { ok: false; errors: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('local times', () => {
  it('reads the usual ways of writing a date and time in the zone', () => {
    for (const text of ['2026-12-05 09:00', '2026/12/5 9:00', '2026.12.05 09：00', '2026年12月5日 9点', '2026-12-05T09:00']) {
      expect((parseLocalDateTime(text, 'Asia/Shanghai', 'zh-CN') as Date).toISOString()).toBe('2026-12-05T01:00:00.000Z');
    }
    expect((parseLocalDateTime('2026年12月5日 9点半', 'Asia/Shanghai', 'zh-CN') as Date).toISOString()).toBe('2026-12-05T01:30:00.000Z');
  });

  it('explains what is wrong', () => {
    expect(parseLocalDateTime('下周六', 'Asia/Shanghai', 'zh-CN')).toContain('不是日期时间');
    expect(parseLocalDateTime('2026-12-05', 'Asia/Shanghai', 'zh-CN')).toContain('缺少钟点');
    expect(parseLocalDateTime('2026-12-05 25:00', 'Asia/Shanghai', 'zh-CN')).toContain('不是有效的钟点');
    expect(parseLocalDateTime('2026-02-29 09:00', 'Asia/Shanghai', 'zh-CN')).toContain('不是有效的日期');
    expect(parseLocalDateTime('2026-03-08 02:30', 'America/New_York', 'zh-CN')).toContain('夏令时');
  });

  it('reads a range with a same-day or full end', () => {
    const same = parseLocalRange('2026-12-05 09:00-17:30', 'Asia/Shanghai', 'zh-CN') as { start: Date; end: Date };
    expect([same.start.toISOString(), same.end.toISOString()]).toEqual(['2026-12-05T01:00:00.000Z', '2026-12-05T09:30:00.000Z']);
    const long = parseLocalRange('2026-12-05 09:00 至 2026-12-06 17:00', 'Asia/Shanghai', 'zh-CN') as { start: Date; end: Date };
    expect(long.end.toISOString()).toBe('2026-12-06T09:00:00.000Z');
    const english = parseLocalRange('2026-12-05 09:00 to 2026-12-06 17:00', 'Asia/Shanghai', 'en') as { start: Date; end: Date };
    expect(english.end.toISOString()).toBe('2026-12-06T09:00:00.000Z');
  });

  it('explains in English to an English-speaking admin', () => {
    expect(parseLocalDateTime('next saturday', 'Asia/Shanghai', 'en')).toBe(
      '"next saturday" is no date and time; write it like 2026-12-05 09:00',
    );
    expect(parseLocalRange('2026-12-05 09:00 ~ 10:00 ~ 11:00', 'Asia/Shanghai', 'en')).toContain('more than one time span');
  });

  it('shows the weekday', () => {
    expect(formatEventTime('2026-12-05T01:00:00Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026-12-05（周六）09:00');
    expect(formatEventTime('2026-12-05T01:00:00Z', 'Asia/Shanghai', 'en')).toBe('Sat 5 Dec 2026, 09:00');
  });
});

describe('/event add', () => {
  it('reads the one-line form of the issue', () => {
    const draft = ok(parseEventAdd('2026-12-05 09:00 | 直播带货实操培训 | 县电商公共服务中心三楼 | 培训', opts));
    expect(draft).toEqual<EventDraft>({
      kind: 'training',
      topic: '培训',
      title: '直播带货实操培训',
      start: '2026-12-05T01:00:00.000Z',
      end: undefined,
      place: '县电商公共服务中心三楼',
      link: undefined,
      register: undefined,
      regions: [],
      description: undefined,
    });
  });

  it('takes a link in the place slot as an online event, and optional registration and regions', () => {
    const draft = ok(
      parseEventAdd('2026-12-05 20:00 | 农产品直播公开课 | https://live.example.com/123 | 培训 | 电话 0571-12345678 | 临安、於潜', opts),
    );
    expect(draft).toMatchObject({
      link: 'https://live.example.com/123',
      place: undefined,
      register: '电话 0571-12345678',
      regions: ['临安', '於潜'],
    });
  });

  it('reads key: value lines, with a description over several lines', () => {
    const text = [
      '时间: 2026-12-05 09:00-17:00',
      '标题：农博会参展',
      '类型: 展会',
      '地点: 省农博会 3 号馆',
      '报名: 回复报名',
      '地区: 临安',
      '说明: 统一坐车前往',
      '7:30 县政府门口集合',
    ].join('\n');
    const draft = ok(parseEventAdd(text, opts));
    expect(draft).toMatchObject({
      kind: 'exhibition',
      topic: '展会',
      end: '2026-12-05T09:00:00.000Z',
      description: '统一坐车前往\n7:30 县政府门口集合',
    });
  });

  it('reports each bad field, named as the admin knows it', () => {
    const result = parseEventAdd('时间: 2026-11-01 09:00\n类型: 聚会\n链接: live.example.com\n颜色: 红', opts);
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.errors : [];
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: '第 4 行', message: expect.stringContaining('不认识“颜色”') },
        { field: '标题', message: '必须填写' },
        { field: '类型', message: expect.stringContaining('“聚会”不是类型') },
        { field: '链接', message: expect.stringContaining('不是网址') },
      ]),
    );
    expect(parseEventAdd('时间: 2026-11-01 09:00\n标题: x\n类型: 培训\n地点: 三楼', opts)).toMatchObject({
      ok: false,
      errors: [{ field: '时间', message: '这个时间已经过去了' }],
    });
    expect(parseEventAdd('2026-12-05 09:00 | 标题 | | 培训', opts)).toMatchObject({ ok: false, errors: [{ field: '地点' }] });
  });

  it('names fields and mistakes in English for an English-speaking admin', () => {
    const result = parseEventAdd('time: 2026-11-01 09:00\nkind: party\nlink: live.example.com\ncolour: red', { ...opts, locale: 'en' });
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        { field: 'line 4', message: expect.stringContaining('"colour" is no field; use time, title, kind') },
        { field: 'title', message: 'required' },
        { field: 'kind', message: expect.stringContaining('"party" is no kind') },
        { field: 'link', message: expect.stringContaining('is no web address') },
      ]),
    );
    expect(parseEventAdd('2026-12-05 09:00 | x | | training', { ...opts, locale: 'en' })).toMatchObject({
      ok: false,
      errors: [{ field: 'place', message: 'give a place or an online link (at least one)' }],
    });
  });
});

describe('/event edit', () => {
  const event: CalendarEvent = {
    ...ok(parseEventAdd('2026-12-05 09:00 | 直播带货实操培训 | 三楼 | 培训', opts)),
    id: '1',
    status: 'scheduled',
    version: 1,
    createdBy: 'telegram:admin',
    createdAt: opts.now.toISOString(),
    updatedAt: opts.now.toISOString(),
    interest: [],
  };

  it('changes only the fields given and names them', () => {
    const { draft, changed } = ok(parseEventEdit('时间: 2026-12-06 09:00\n地点: 五楼', event, opts));
    expect(draft).toMatchObject({ start: '2026-12-06T01:00:00.000Z', place: '五楼', title: '直播带货实操培训' });
    expect(changed).toEqual(['时间', '地点']);
  });

  it('clears an optional field with 无 and keeps the place-or-link rule', () => {
    const withLink = { ...event, link: 'https://live.example.com' };
    expect(ok(parseEventEdit('地点: 无', withLink, opts)).draft.place).toBeUndefined();
    expect(parseEventEdit('地点: 无', event, opts)).toMatchObject({ ok: false, errors: [{ field: '地点' }] });
  });

  it('moves the topic along with the kind unless it was set apart', () => {
    expect(ok(parseEventEdit('类型: 展会', event, opts)).draft.topic).toBe('展会');
    expect(ok(parseEventEdit('类型: 展会\n主题: 政策', event, opts)).draft.topic).toBe('政策');
  });
});
