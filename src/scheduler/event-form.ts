import { z } from 'zod';
import { KIND_TOPIC, parseTopic, splitList } from './audience.js';
import { parseLocalRange } from './local-time.js';
import type { CalendarEvent, EventKind, SubscriptionTopic } from './schemas.js';

/** What an admin describes; the rest of an event (id, status, version…) the bot fills in. */
export interface EventDraft {
  kind: EventKind;
  topic: SubscriptionTopic;
  title: string;
  start: string;
  end?: string;
  place?: string;
  link?: string;
  register?: string;
  regions: string[];
  description?: string;
}

/** One thing wrong with one field, named as the admin wrote it. */
export interface FieldError {
  field: string;
  message: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

type Field = 'time' | 'title' | 'kind' | 'topic' | 'place' | 'link' | 'register' | 'regions' | 'description';

const FIELDS: Record<Field, { label: string; keys: string[] }> = {
  time: { label: '时间', keys: ['时间', '开始', '开始时间', '日期', 'time', 'start', 'date', 'when'] },
  title: { label: '标题', keys: ['标题', '名称', '活动', 'title', 'name'] },
  kind: { label: '类型', keys: ['类型', '类别', 'kind', 'type'] },
  topic: { label: '主题', keys: ['主题', 'topic'] },
  place: { label: '地点', keys: ['地点', '地址', '场地', 'place', 'location', 'where'] },
  link: { label: '链接', keys: ['链接', '直播', '线上', '网址', 'link', 'url', 'online'] },
  register: { label: '报名', keys: ['报名', '报名方式', 'register', 'signup'] },
  regions: { label: '地区', keys: ['地区', '区域', '乡镇', 'region', 'regions'] },
  description: { label: '说明', keys: ['说明', '介绍', '简介', '内容', '备注', 'description', 'details'] },
};

const KEY_TO_FIELD = new Map(Object.entries(FIELDS).flatMap(([field, { keys }]) => keys.map((k) => [k, field as Field])));

/** The order of the `|`-separated one-line form. */
const POSITIONS: Field[] = ['time', 'title', 'place', 'kind', 'register', 'regions'];

// A Map for the same reason as audience.ts's topic words: the word is the admin's, and `constructor` is no kind.
const KIND_WORDS = new Map<string, EventKind>(
  Object.entries({
    培训: 'training',
    课程: 'training',
    training: 'training',
    展会: 'exhibition',
    展览: 'exhibition',
    博览会: 'exhibition',
    exhibition: 'exhibition',
    论坛: 'forum',
    峰会: 'forum',
    会议: 'forum',
    forum: 'forum',
    其他: 'other',
    其它: 'other',
    活动: 'other',
    other: 'other',
  } satisfies Record<string, EventKind>),
);

/** Writing `无` or `-` as a value clears an optional field in `/event edit`. */
const CLEAR = /^(无|没有|-|—|none)$/i;

const isUrl = (text: string) => /^https?:\/\/\S+$/i.test(text);

type RawForm = Partial<Record<Field, string>>;

/** Reads `key: value` lines (a value may go on over the following lines) or the one-line `|` form. */
function readForm(text: string, allowPositions: boolean): { raw: RawForm; errors: FieldError[] } {
  const raw: RawForm = {};
  const errors: FieldError[] = [];
  if (allowPositions && /[|｜]/.test(text) && !/\n/.test(text.trim())) {
    const parts = text.split(/\s*[|｜]\s*/).map((p) => p.trim());
    if (parts.length > POSITIONS.length)
      errors.push({ field: '格式', message: `最多 ${POSITIONS.length} 段：时间 | 标题 | 地点 | 类型 | 报名方式 | 地区` });
    parts.slice(0, POSITIONS.length).forEach((value, i) => {
      if (value) raw[POSITIONS[i]!] = value;
    });
    // A link in the place slot is an online event.
    if (raw.place && isUrl(raw.place)) {
      raw.link = raw.place;
      delete raw.place;
    }
    return { raw, errors };
  }
  let current: Field | undefined;
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const kv = /^\s*([^:：\s]{1,12})\s*[:：]\s*(.*)$/.exec(line);
    const field = kv ? KEY_TO_FIELD.get(kv[1]!.toLowerCase()) : undefined;
    if (field) {
      if (raw[field] !== undefined) errors.push({ field: FIELDS[field].label, message: '写了两次' });
      raw[field] = kv![2]!.trim();
      current = field;
    } else if (current === 'description') {
      raw.description = `${raw.description}\n${line.trim()}`.trim();
    } else {
      errors.push({
        field: `第 ${index + 1} 行`,
        message: kv
          ? `不认识“${kv[1]}”，可用：${Object.values(FIELDS)
              .map((f) => f.label)
              .join('、')}`
          : '请写成“字段: 内容”',
      });
    }
  });
  return { raw, errors };
}

/** Per-field parsers: a raw string in, a typed value out, a Chinese message when it is wrong. */
function fieldSchemas(zone: string) {
  const optionalText = (max: number) =>
    z
      .string()
      .max(max, `太长了（最多 ${max} 字）`)
      .transform((v) => (CLEAR.test(v) ? undefined : v));
  return {
    time: z.string().transform((value, ctx) => {
      const range = parseLocalRange(value, zone);
      if (typeof range === 'string') {
        ctx.addIssue({ code: 'custom', message: range });
        return z.NEVER;
      }
      return { start: range.start.toISOString(), end: range.end?.toISOString() };
    }),
    title: z.string().min(1, '不能为空').max(60, '太长了（最多 60 字）'),
    kind: z.string().transform((value, ctx) => {
      const kind = KIND_WORDS.get(value.toLowerCase());
      if (!kind) ctx.addIssue({ code: 'custom', message: `“${value}”不是类型，可用：培训、展会、论坛、其他` });
      return kind ?? z.NEVER;
    }),
    topic: z.string().transform((value, ctx) => {
      const topic = parseTopic(value);
      if (!topic || topic === 'all') ctx.addIssue({ code: 'custom', message: `“${value}”不是主题，可用：培训、展会、政策` });
      return (topic as SubscriptionTopic) ?? z.NEVER;
    }),
    place: optionalText(100),
    link: z.string().transform((value, ctx) => {
      if (CLEAR.test(value)) return undefined;
      if (!isUrl(value)) ctx.addIssue({ code: 'custom', message: `“${value}”不是网址（要以 http:// 或 https:// 开头）` });
      return value;
    }),
    register: optionalText(200),
    regions: z.string().transform((value) => (CLEAR.test(value) ? [] : splitList(value))),
    description: optionalText(1000),
  } satisfies Record<Field, z.ZodType>;
}

type Parsed = { [F in Field]?: z.output<ReturnType<typeof fieldSchemas>[F]> };

function parseFields(raw: RawForm, zone: string): { parsed: Parsed; errors: FieldError[] } {
  const schemas = fieldSchemas(zone);
  const present = Object.fromEntries(Object.keys(raw).map((f) => [f, schemas[f as Field]]));
  const result = z.object(present).safeParse(raw);
  if (result.success) return { parsed: result.data as Parsed, errors: [] };
  const errors = result.error.issues.map((issue) => {
    const field = issue.path[0] as Field;
    return { field: FIELDS[field]?.label ?? String(field), message: issue.message };
  });
  return { parsed: {}, errors };
}

/** Rules across fields, for a new event and for an edited one. */
function checkWhole(draft: EventDraft, now: Date, startChanged: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (startChanged && new Date(draft.start) <= now) errors.push({ field: '时间', message: '这个时间已经过去了' });
  if (draft.end && draft.end <= draft.start) errors.push({ field: '时间', message: '结束时间要晚于开始时间' });
  if (!draft.place && !draft.link) errors.push({ field: '地点', message: '请写地点或线上链接（至少一个）' });
  return errors;
}

/**
 * Parses `/event add`: the one-line form `2026-12-05 09:00 | 直播带货实操培训 | 县电商公共服务中心三楼 | 培训`
 * (then optionally `| 报名方式 | 地区`), or `key: value` lines (时间, 标题, 类型, 地点, 链接, 报名, 地区, 说明,
 * 主题). Times are local to `zone`. Every bad field is reported, not only the first.
 */
export function parseEventAdd(text: string, options: { zone: string; now: Date }): FormResult<EventDraft> {
  const { raw, errors } = readForm(text, true);
  for (const field of ['time', 'title', 'kind'] as const) {
    if (!raw[field]) errors.push({ field: FIELDS[field].label, message: '必须填写' });
  }
  const { parsed, errors: fieldErrors } = parseFields(raw, options.zone);
  errors.push(...fieldErrors);
  if (errors.length) return { ok: false, errors };
  const draft: EventDraft = {
    kind: parsed.kind!,
    topic: parsed.topic ?? KIND_TOPIC[parsed.kind!],
    title: parsed.title!,
    start: parsed.time!.start,
    end: parsed.time!.end,
    place: parsed.place,
    link: parsed.link,
    register: parsed.register,
    regions: parsed.regions ?? [],
    description: parsed.description,
  };
  const whole = checkWhole(draft, options.now, true);
  return whole.length ? { ok: false, errors: whole } : { ok: true, value: draft };
}

/** The event as an editable draft. */
function draftOf(event: CalendarEvent): EventDraft {
  const { kind, topic, title, start, end, place, link, register, regions, description } = event;
  return { kind, topic, title, start, end, place, link, register, regions, description };
}

/**
 * Parses `/event edit <id>` lines (`key: value`, same keys as add; `无` clears an optional field) against the
 * current event. Returns the whole edited draft and the labels of the fields that changed.
 */
export function parseEventEdit(
  text: string,
  current: CalendarEvent,
  options: { zone: string; now: Date },
): FormResult<{ draft: EventDraft; changed: string[] }> {
  const { raw, errors } = readForm(text, false);
  if (!Object.keys(raw).length && !errors.length) errors.push({ field: '内容', message: '请写要修改的字段，例如“时间: 2026-12-06 09:00”' });
  const { parsed, errors: fieldErrors } = parseFields(raw, options.zone);
  errors.push(...fieldErrors);
  if (errors.length) return { ok: false, errors };
  const before = draftOf(current);
  const draft: EventDraft = { ...before };
  if (parsed.time) Object.assign(draft, parsed.time);
  for (const field of ['title', 'kind', 'topic', 'place', 'link', 'register', 'regions', 'description'] as const) {
    if (field in parsed) Object.assign(draft, { [field]: parsed[field] });
  }
  // A new kind brings its topic along unless the topic was set in the same edit.
  if (parsed.kind && !parsed.topic && before.topic === KIND_TOPIC[before.kind]) draft.topic = KIND_TOPIC[parsed.kind];
  const changed = (Object.keys(before) as (keyof EventDraft)[])
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(draft[k]))
    .map((k) => CHANGE_LABELS[k]);
  const whole = checkWhole(draft, options.now, draft.start !== before.start);
  if (whole.length) return { ok: false, errors: whole };
  return { ok: true, value: { draft, changed: [...new Set(changed)] } };
}

const CHANGE_LABELS: Record<keyof EventDraft, string> = {
  kind: '类型',
  topic: '主题',
  title: '标题',
  start: '时间',
  end: '时间',
  place: '地点',
  link: '链接',
  register: '报名方式',
  regions: '地区',
  description: '说明',
};

/** `时间：这个时间已经过去了` lines for the reply. */
export function formatErrors(errors: FieldError[]): string {
  return errors.map((e) => `· ${e.field}：${e.message}`).join('\n');
}
