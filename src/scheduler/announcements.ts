import { randomInt } from 'node:crypto';
import type { Locale } from '../core/texts.js';
import { parseTopic } from './audience.js';
import type { DeliveryLoop } from './loop.js';
import type { Announcement, SubscriptionTopic } from './schemas.js';
import { DRAFT_TTL_MS, type SchedulerState } from './state.js';
import { ADMIN_TEXTS } from './texts.js';

export interface AnnounceInput {
  text: string;
  topic?: SubscriptionTopic;
  region?: string;
}

/** Reads `/announce [#topic] [@region] text`. Returns the parts, or what is wrong (for the admin, in `locale`). */
export function parseAnnounce(raw: string, locale: Locale): AnnounceInput | string {
  let rest = raw.trim();
  const input: Partial<AnnounceInput> = {};
  for (;;) {
    const tag = /^([#＃@＠])(\S+)\s*/.exec(rest);
    if (!tag) break;
    rest = rest.slice(tag[0].length);
    if (tag[1] === '#' || tag[1] === '＃') {
      const topic = parseTopic(tag[2]!);
      if (!topic) return ADMIN_TEXTS[locale].badTopicTag(tag[2]!);
      if (topic !== 'all') input.topic = topic;
    } else input.region = tag[2];
  }
  if (!rest) return ADMIN_TEXTS[locale].noText;
  return { ...input, text: rest };
}

/** Saves a draft with a fresh confirmation code. Nothing is sent until the author confirms it. */
export function draftAnnouncement(state: SchedulerState, input: AnnounceInput, author: string, now: Date): Promise<Announcement> {
  return state.change((data) => {
    const live = new Set(data.announcements.filter((a) => a.status === 'draft').map((a) => a.code));
    let code: string;
    do code = String(randomInt(1000, 10_000));
    while (live.has(code));
    const draft: Announcement = {
      id: `a${data.nextAnnouncement++}`,
      code,
      ...input,
      author,
      status: 'draft',
      createdAt: now.toISOString(),
    };
    data.announcements.push(draft);
    return draft;
  });
}

export type ConfirmResult =
  | { status: 'confirmed'; announcement: Announcement }
  | { status: 'already'; announcement: Announcement }
  | { status: 'expired' | 'unknown' };

/**
 * Confirms the author's draft with this code: one job, due now. Confirming twice (a double tap on the
 * button) sends nothing more. Another admin's code is not found: each confirms their own.
 */
export async function confirmAnnouncement(
  state: SchedulerState,
  loop: DeliveryLoop,
  code: string,
  author: string,
  now: Date,
): Promise<ConfirmResult> {
  const find = () => [...state.data.announcements].reverse().find((a) => a.code === code && a.author === author);
  const check = (announcement = find()): ConfirmResult | undefined => {
    if (!announcement) return { status: 'unknown' };
    if (announcement.status === 'confirmed') return { status: 'already', announcement };
    if (now.getTime() - new Date(announcement.createdAt).getTime() > DRAFT_TTL_MS) return { status: 'expired' };
  };
  const refused = check();
  if (refused) return refused;
  // Checked again inside the change: a double tap queued behind the first confirm finds it confirmed.
  const result = await state.change((): ConfirmResult => {
    const announcement = find()!;
    const again = check(announcement);
    if (again) return again;
    const job = state.addJob({
      kind: 'announcement',
      ref: announcement.id,
      due: now.toISOString(),
      owner: author,
      createdAt: now.toISOString(),
    });
    Object.assign(announcement, { status: 'confirmed', confirmedAt: now.toISOString(), job: job.id });
    return { status: 'confirmed', announcement };
  });
  if (result.status === 'confirmed') loop.poke();
  return result;
}
