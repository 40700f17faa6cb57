import type { ChatDirectory } from '../../core/chat-directory.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/message.js';
import type { Locale } from '../../core/texts.js';
import type { HandoffDesk } from '../../handoff/desk.js';
import type { Answerer } from '../../knowledge/answerer.js';
import type { AddAlternateResult, AddEntryResult } from '../../knowledge/learning/add-alternate.js';
import type { QuestionStats } from '../../knowledge/question-stats.js';
import type { UnansweredLog } from '../../knowledge/unanswered.js';
import type { SchedulerFeature } from '../../scheduler/feature.js';
import type { AuditLog } from './audit.js';
import type { ConsoleAccess } from './login-links.js';

/** What the console reads and does: the bot's own services, never copies of their rules. */
export interface ConsoleDeps {
  access: ConsoleAccess;
  locale: Locale;
  timezone: string;
  now: () => Date;
  log: Logger;
  isAdmin(key: string): boolean;
  /** Cookies only over https: true when BOT_PUBLIC_URL is https. */
  secureCookies: boolean;
  /**
   * Runs a chat command as the admin, in their private chat, and returns the bot's replies: the console changes
   * events and sends announcements through exactly the code, validation and notices of the chat commands.
   */
  run(admin: string, text: string): Promise<Reply[]>;
  chats: ChatDirectory;
  scheduler: SchedulerFeature;
  answerer(): Answerer | undefined;
  unanswered: UnansweredLog;
  stats: QuestionStats;
  audit: AuditLog;
  /** Merchants waiting for a person (转人工), answered from the console as with /reply. */
  handoffs: HandoffDesk;
  /** Adds a question to an entry's alternates (the same edit, lint and reload as `/suggestions accept`). */
  addAlternate(entryId: string, phrasing: string): Promise<AddAlternateResult>;
  /** Appends a new entry to its topic's file (lint first, file untouched when it fails), then reloads. */
  addEntry(entry: Record<string, unknown> & { category: string }): Promise<AddEntryResult>;
}
