import { z } from 'zod';
import { ChatKindSchema } from '../core/message.js';
import { PlatformSchema } from '../core/identity.js';

/** A UTC instant as stored: `2026-12-05T01:00:00.000Z`. Shown in BOT_TIMEZONE, never stored in it. */
export const InstantSchema = z.iso.datetime();

/** What subscribers choose from. Events carry one; announcements may carry one (`/announce #培训 …`). */
export const SUBSCRIPTION_TOPICS = ['培训', '展会', '政策'] as const;
export const SubscriptionTopicSchema = z.enum(SUBSCRIPTION_TOPICS);
export type SubscriptionTopic = z.infer<typeof SubscriptionTopicSchema>;

export const EVENT_KINDS = ['training', 'exhibition', 'forum', 'other'] as const;
export const EventKindSchema = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKindSchema>;

export const InterestSchema = z.object({
  /** `platform:id` of the person. */
  user: z.string(),
  name: z.string(),
  chat: z.string(),
  at: InstantSchema,
});

export const EventSchema = z.object({
  id: z.string(),
  kind: EventKindSchema,
  topic: SubscriptionTopicSchema,
  title: z.string().min(1),
  start: InstantSchema,
  end: InstantSchema.optional(),
  place: z.string().optional(),
  /** Online link (live stream, meeting room). */
  link: z.string().optional(),
  /** How to register: a link, a phone number, or free text. Without it people reply `报名 <id>`. */
  register: z.string().optional(),
  regions: z.array(z.string()),
  description: z.string().optional(),
  status: z.enum(['scheduled', 'cancelled']),
  /** Grows with every edit and the cancellation; it is the iCalendar SEQUENCE. */
  version: z.number().int().min(1),
  createdBy: z.string(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  /** People who replied `报名 <id>` (one entry per person). */
  interest: z.array(InterestSchema),
});
export type CalendarEvent = z.infer<typeof EventSchema>;

export const AnnouncementSchema = z.object({
  id: z.string(),
  /** What the admin types (or taps) to confirm. Unique among drafts. */
  code: z.string(),
  text: z.string().min(1),
  topic: SubscriptionTopicSchema.optional(),
  region: z.string().optional(),
  /** `platform:id` of the admin; only they can confirm, and they get the report. */
  author: z.string(),
  status: z.enum(['draft', 'confirmed']),
  createdAt: InstantSchema,
  confirmedAt: InstantSchema.optional(),
  job: z.string().optional(),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;

export const DeliveryCountsSchema = z.object({
  sent: z.number().int(),
  failed: z.number().int(),
  /** The chat is gone (bot removed, blocked): it was deactivated. */
  removed: z.number().int(),
  /**
   * It may or may not have arrived: the bot stopped between "sending" and "sent", or the request left and the
   * connection broke (reset, timeout, 5xx) before an answer. Not re-sent unless an admin asks.
   */
  unknown: z.number().int(),
  skipped: z.number().int(),
});
export type DeliveryCounts = z.infer<typeof DeliveryCountsSchema>;

export const JOB_KINDS = ['announcement', 'event-new', 'reminder', 'event-update', 'event-cancel'] as const;

/**
 * One fan-out: a message meant for many chats at one moment (an announcement, a new event, one reminder, a
 * change or cancellation notice). It becomes ledger rows, one per chat, when it is due.
 */
export const JobSchema = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  /** The announcement or event id. */
  ref: z.string(),
  /** Reminders: the offset before the start, as configured (`7d`). */
  offset: z.string().optional(),
  due: InstantSchema,
  /**
   * pending: not fanned out yet; planned: rows written; done: every row settled; skipped: withdrawn (stale,
   * superseded, rescheduled, cancelled): rows it already has are skipped when their turn comes.
   */
  status: z.enum(['pending', 'planned', 'done', 'skipped']),
  reason: z.string().optional(),
  /** `platform:id` of the admin who gets the report. */
  owner: z.string(),
  /** Change notices: what changed (时间, 地点…). */
  changes: z.array(z.string()).optional(),
  createdAt: InstantSchema,
  plannedAt: InstantSchema.optional(),
  doneAt: InstantSchema.optional(),
  counts: DeliveryCountsSchema.optional(),
});
export type Job = z.infer<typeof JobSchema>;

/** Events, jobs and announcement drafts in one document, so creating an event and its jobs is one write. */
export const ScheduleFileSchema = z.object({
  nextEvent: z.number().int().min(1),
  nextJob: z.number().int().min(1),
  nextAnnouncement: z.number().int().min(1),
  events: z.array(EventSchema),
  jobs: z.array(JobSchema),
  announcements: z.array(AnnouncementSchema),
});
export type ScheduleFile = z.infer<typeof ScheduleFileSchema>;

export const SubscriptionSchema = z.object({
  chat: z.object({ platform: PlatformSchema, id: z.string(), kind: ChatKindSchema, title: z.string().optional() }),
  topics: z.union([z.literal('all'), z.array(SubscriptionTopicSchema).min(1)]),
  /** Region tags; empty means every region. */
  regions: z.array(z.string()),
  /** Who subscribed the chat (a group admin, a bot admin, or the person in a private chat). */
  by: z.string(),
  /** In a forum group: the topic /subscribe was sent in, where pushes go. */
  thread: z.string().optional(),
  at: InstantSchema,
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const SubscriptionsFileSchema = z.object({ subscriptions: z.record(z.string(), SubscriptionSchema) });

export const ROW_STATUSES = ['planned', 'sending', 'sent', 'failed', 'skipped', 'unknown'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];
const RowStatusSchema = z.enum(ROW_STATUSES);

const RowStateSchema = z.object({
  status: RowStatusSchema,
  attempts: z.number().int().min(0),
  /** Earliest next attempt after a retryable failure. */
  next: InstantSchema.optional(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
  /** The platform said the chat is gone (kicked, blocked). */
  gone: z.boolean().optional(),
  /** A message in several parts: how many of the first parts were delivered, so a retry resumes after them. */
  partsSent: z.number().int().min(0).optional(),
  parts: z.number().int().min(1).optional(),
  at: InstantSchema,
});

/** A delivery: one job to one chat. Identified by (job, chat), so planning twice never makes two rows. */
export const LedgerRowSchema = RowStateSchema.extend({ job: z.string(), chat: z.string(), due: InstantSchema });
export type LedgerRow = z.infer<typeof LedgerRowSchema>;

/** A line of deliveries.jsonl: a whole row (planning, compaction) or a change of one. */
export const LedgerLineSchema = z.discriminatedUnion('op', [
  LedgerRowSchema.extend({ op: z.literal('row') }),
  RowStateSchema.partial().extend({ op: z.literal('set'), job: z.string(), chat: z.string(), status: RowStatusSchema, at: InstantSchema }),
]);
export type LedgerLine = z.infer<typeof LedgerLineSchema>;
