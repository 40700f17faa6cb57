import { WELCOME_DOCUMENT } from './admin/welcome.js';
import { CHATS_DOCUMENT } from './core/chat-directory.js';
import { HANDOFFS_JOURNAL } from './handoff/schema.js';
import { CONSOLE_AUDIT_JOURNAL } from './http/console/audit.js';
import { LEARNING_JOURNAL } from './knowledge/learning/records.js';
import { QUESTION_STATS_DOCUMENT } from './knowledge/question-stats.js';
import { UNANSWERED_JOURNAL } from './knowledge/unanswered.js';
import { DELIVERIES_JOURNAL } from './scheduler/ledger.js';
import { SCHEDULE_DOCUMENT, SUBSCRIPTIONS_DOCUMENT } from './scheduler/state.js';
import type { StoreContents } from './storage/copy.js';

/** Everything the bot keeps in its store, for `store:copy`. A feature that stores something new adds it here. */
export const BOT_STATE: StoreContents = {
  documents: [CHATS_DOCUMENT, WELCOME_DOCUMENT, SCHEDULE_DOCUMENT, SUBSCRIPTIONS_DOCUMENT, QUESTION_STATS_DOCUMENT],
  journals: [UNANSWERED_JOURNAL, DELIVERIES_JOURNAL, CONSOLE_AUDIT_JOURNAL, HANDOFFS_JOURNAL, LEARNING_JOURNAL],
};
