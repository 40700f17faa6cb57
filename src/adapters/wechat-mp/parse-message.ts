import { z } from 'zod';

/** What a follower did, as the adapter needs it (pure: no I/O, tested on fixtures). */
export type MpInbound =
  | { kind: 'text'; openId: string; account: string; createTime: number; dedupKey: string; text: string }
  | { kind: 'subscribe' | 'unsubscribe'; openId: string; account: string; createTime: number; dedupKey: string }
  | { kind: 'click'; openId: string; account: string; createTime: number; dedupKey: string; key: string }
  /** Images, locations, links, voice without recognition, other events: answered with a hint or ignored. */
  | { kind: 'other'; openId: string; account: string; createTime: number; dedupKey: string; what: string };

const BaseSchema = z.object({
  ToUserName: z.string().min(1),
  FromUserName: z.string().min(1),
  CreateTime: z.string().regex(/^\d{1,12}$/),
  MsgType: z.string().min(1),
  MsgId: z
    .string()
    .regex(/^\d{1,24}$/)
    .optional(),
  Content: z.string().optional(),
  Recognition: z.string().optional(),
  Event: z.string().optional(),
  EventKey: z.string().optional(),
});

/**
 * Turns the fields of a callback body into an MpInbound, or undefined when they are no message. WeChat re-sends
 * a callback it got no answer to: messages are told apart by MsgId, events (which have none) by sender and time.
 */
export function parseInbound(fields: Record<string, string>): MpInbound | undefined {
  const parsed = BaseSchema.safeParse(fields);
  if (!parsed.success) return undefined;
  const f = parsed.data;
  const base = {
    openId: f.FromUserName,
    account: f.ToUserName,
    createTime: Number(f.CreateTime),
    dedupKey: f.MsgId ? `msg:${f.MsgId}` : `event:${f.FromUserName}:${f.CreateTime}:${f.Event ?? f.MsgType}:${f.EventKey ?? ''}`,
  };
  if (f.MsgType === 'text' && f.Content?.trim()) return { ...base, kind: 'text', text: f.Content };
  // Voice arrives with WeChat's own speech recognition when the account has it switched on.
  if (f.MsgType === 'voice' && f.Recognition?.trim()) return { ...base, kind: 'text', text: f.Recognition };
  if (f.MsgType === 'event') {
    const event = (f.Event ?? '').toLowerCase();
    // A follow through a QR code with a scene is still a subscribe (EventKey qrscene_…).
    if (event === 'subscribe' || event === 'unsubscribe') return { ...base, kind: event };
    if (event === 'click' && f.EventKey) return { ...base, kind: 'click', key: f.EventKey };
    return { ...base, kind: 'other', what: `event:${event}` };
  }
  return { ...base, kind: 'other', what: f.MsgType };
}
