import { z } from 'zod';
import type { Locale } from '../core/texts.js';
import { KIND_TOPIC, parseTopic, splitList } from './audience.js';
import { parseLocalRange } from './local-time.js';
import type { CalendarEvent, EventKind, SubscriptionTopic } from './schemas.js';
import { ADMIN_TEXTS, TEXTS } from './texts.js';

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

/** One thing wrong with one field, named in the admin's language. */
export interface FieldError {
  field: string;
  message: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

type Field = 'time' | 'title' | 'kind' | 'topic' | 'place' | 'link' | 'register' | 'regions' | 'description';

/** The words a field may be written with, in either language (its label per locale is in ADMIN_TEXTS.fields). */
const FIELD_KEYS: Record<Field, string[]> = {
  time: ['时间', '开始', '开始时间', '日期', 'time', 'start', 'date', 'when'],
  title: ['标题', '名称', '活动', 'title', 'name'],
  kind: ['类型', '类别', 'kind', 'type'],
  topic: ['主题', 'topic'],
  place: ['地点', '地址', '场地', 'place', 'location', 'where'],
  link: ['链接', '直播', '线上', '网址', 'link', 'url', 'online'],
  register: ['报名', '报名方式', 'register', 'signup'],
  regions: ['地区', '区域', '乡镇', 'region', 'regions'],
  description: ['说明', '介绍', '简介', '内容', '备注', 'description', 'details'],
};

const KEY_TO_FIELD = new Map(Object.entries(FIELD_KEYS).flatMap(([field, keys]) => keys.map((k) => [k, field as Field])));

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
function readForm(text: string, allowPositions: boolean, locale: Locale): { raw: RawForm; errors: FieldError[] } {
  const t = ADMIN_TEXTS[locale];
  const raw: RawForm = {};
  const errors: FieldError[] = [];
  if (allowPositions && /[|｜]/.test(text) && !/\n/.test(text.trim())) {
    const parts = text.split(/\s*[|｜]\s*/).map((p) => p.trim());
    if (parts.length > POSITIONS.length) errors.push({ field: t.formatField, message: t.tooManyParts(POSITIONS.length) });
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
      if (raw[field] !== undefined) errors.push({ field: t.fields[field], message: t.twice });
      raw[field] = kv![2]!.trim();
      current = field;
    } else if (current === 'description') {
      raw.description = `${raw.description}\n${line.trim()}`.trim();
    } else {
      errors.push({
        field: t.lineField(index + 1),
        message: kv ? t.unknownKey(kv[1]!, TEXTS[locale].list(Object.values(t.fields))) : t.notKeyValue,
      });
    }
  });
  return { raw, errors };
}

/** Per-field parsers: a raw string in, a typed value out, a message in the admin's language when it is wrong. */
function fieldSchemas(zone: string, locale: Locale) {
  const t = ADMIN_TEXTS[locale];
  const optionalText = (max: number) =>
    z
      .string()
      .max(max, t.tooLong(max))
      .transform((v) => (CLEAR.test(v) ? undefined : v));
  return {
    time: z.string().transform((value, ctx) => {
      const range = parseLocalRange(value, zone, locale);
      if (typeof range === 'string') {
        ctx.addIssue({ code: 'custom', message: range });
        return z.NEVER;
      }
      return { start: range.start.toISOString(), end: range.end?.toISOString() };
    }),
    title: z.string().min(1, t.empty).max(60, t.tooLong(60)),
    kind: z.string().transform((value, ctx) => {
      const kind = KIND_WORDS.get(value.toLowerCase());
      if (!kind) ctx.addIssue({ code: 'custom', message: t.badKind(value) });
      return kind ?? z.NEVER;
    }),
    topic: z.string().transform((value, ctx) => {
      const topic = parseTopic(value);
      if (!topic || topic === 'all') ctx.addIssue({ code: 'custom', message: t.badTopic(value) });
      return (topic as SubscriptionTopic) ?? z.NEVER;
    }),
    place: optionalText(100),
    link: z.string().transform((value, ctx) => {
      if (CLEAR.test(value)) return undefined;
      if (!isUrl(value)) ctx.addIssue({ code: 'custom', message: t.badLink(value) });
      return value;
    }),
    register: optionalText(200),
    regions: z.string().transform((value) => (CLEAR.test(value) ? [] : splitList(value))),
    description: optionalText(1000),
  } satisfies Record<Field, z.ZodType>;
}

type Parsed = { [F in Field]?: z.output<ReturnType<typeof fieldSchemas>[F]> };

function parseFields(raw: RawForm, zone: string, locale: Locale): { parsed: Parsed; errors: FieldError[] } {
  const schemas = fieldSchemas(zone, locale);
  const present = Object.fromEntries(Object.keys(raw).map((f) => [f, schemas[f as Field]]));
  const result = z.object(present).safeParse(raw);
  if (result.success) return { parsed: result.data as Parsed, errors: [] };
  const errors = result.error.issues.map((issue) => {
    const field = issue.path[0] as Field;
    return { field: ADMIN_TEXTS[locale].fields[field] ?? String(field), message: issue.message };
  });
  return { parsed: {}, errors };
}

/** Rules across fields, for a new event and for an edited one. */
function checkWhole(draft: EventDraft, options: FormOptions, startChanged: boolean): FieldError[] {
  const t = ADMIN_TEXTS[options.locale];
  const errors: FieldError[] = [];
  if (startChanged && new Date(draft.start) <= options.now) errors.push({ field: t.fields.time, message: t.past });
  if (draft.end && draft.end <= draft.start) errors.push({ field: t.fields.time, message: t.endBeforeStart });
  if (!draft.place && !draft.link) errors.push({ field: t.fields.place, message: t.noPlace });
  return errors;
}

/** Local times are read in `zone`; mistakes are told in `locale`, the admin's language. */
export interface FormOptions {
  zone: string;
  now: Date;
  locale: Locale;
}

/**
 * Parses `/event add`: the one-line form `2026-12-05 09:00 | 直播带货实操培训 | 县电商公共服务中心三楼 | 培训`
 * (then optionally `| 报名方式 | 地区`), or `key: value` lines (时间, 标题, 类型, 地点, 链接, 报名, 地区, 说明,
 * 主题, or time, title, kind… in English). Times are local to `zone`. Every bad field is reported, not only the first.
 */
export function parseEventAdd(text: string, options: FormOptions): FormResult<EventDraft> {
  const t = ADMIN_TEXTS[options.locale];
  const { raw, errors } = readForm(text, true, options.locale);
  for (const field of ['time', 'title', 'kind'] as const) {
    if (!raw[field]) errors.push({ field: t.fields[field], message: t.required });
  }
  const { parsed, errors: fieldErrors } = parseFields(raw, options.zone, options.locale);
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
  const whole = checkWhole(draft, options, true);
  return whole.length ? { ok: false, errors: whole } : { ok: true, value: draft };
}

/** The event as an editable draft. */
function draftOf(event: CalendarEvent): EventDraft {
  const { kind, topic, title, start, end, place, link, register, regions, description } = event;
  return { kind, topic, title, start, end, place, link, register, regions, description };
}

/**
 * Parses `/event edit <id>` lines (`key: value`, same keys as add; `无` clears an optional field) against the
 * current event. Returns the whole edited draft and the fields that changed, by their stored (Chinese) names:
 * job.changes keeps them, and `fieldNames` shows them per locale.
 */
export function parseEventEdit(
  text: string,
  current: CalendarEvent,
  options: FormOptions,
): FormResult<{ draft: EventDraft; changed: string[] }> {
  const t = ADMIN_TEXTS[options.locale];
  const { raw, errors } = readForm(text, false, options.locale);
  if (!Object.keys(raw).length && !errors.length) errors.push({ field: t.contentField, message: t.nothingToEdit });
  const { parsed, errors: fieldErrors } = parseFields(raw, options.zone, options.locale);
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
  const whole = checkWhole(draft, options, draft.start !== before.start);
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

/** `· 时间：这个时间已经过去了` lines for the reply. */
export function formatErrors(errors: FieldError[], locale: Locale): string {
  return errors.map((e) => ADMIN_TEXTS[locale].fieldError(e.field, e.message)).join('\n');
}
