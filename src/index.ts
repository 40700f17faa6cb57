/**
 * The public surface for apps that embed the bot. Everything else is internal and may change.
 *
 * @example
 * import { createBot } from 'county-ecommerce-bot';
 * const bot = createBot({ dataDir: './data', knowledgeDir: './knowledge', admins: 'telegram:123456', console: true });
 * await bot.start();
 */

// Building and running a bot
export { createBot, type Bot, type BotOptions } from './bot.js';
export type { TelegramSettings } from './adapters/telegram/index.js';
export type { WechatSettings } from './adapters/wechat/index.js';
// The Official Account is passed like any adapter: createBot({ adapters: [new WechatMpAdapter(settings)] }).
export { WechatMpAdapter, type WechatMpSettings } from './adapters/wechat-mp/index.js';

// Writing an adapter for another platform (pass it in createBot({ adapters }); no core file changes)
export type { Adapter, AdapterHost, AdapterHealth, SendOutcome } from './core/adapter.js';
export type { AlertKey, AlertParams } from './core/alerts.js';
export type { KnownChat } from './core/chat-directory.js';
export type { SenderChecks } from './core/context.js';
export type { IncomingMessage, IncomingMessageInput, Reply, Suggestion, QuickReply, ChatRef } from './core/message.js';
export { PlatformSchema, type Platform } from './core/identity.js';
export type { Locale } from './core/texts.js';

// Writing a feature (commands and handlers)
export type { Feature, Handler, HandlerStage } from './core/feature.js';
export { defineCommand, noArgs, type Command } from './core/commands.js';
export type { BotContext } from './core/context.js';
export type { Middleware } from './core/compose.js';

// Where state is kept: a data folder (default), memory (tests), PostgreSQL (several processes), or your own store
export type { Store, StoredDocument, StoredJournal, DocumentSpec, Lease, JournalOptions } from './storage/store.js';
export { FileStore } from './storage/file/file-store.js';
export { MemoryStore, MemoryDatabase } from './storage/memory/memory-store.js';
export { PostgresStore } from './storage/postgres/postgres-store.js';
export { openStore } from './storage/open.js';

// Using the knowledge base directly
export type { Answerer, AnswerResult } from './knowledge/answerer.js';
export { loadKnowledgeFiles } from './knowledge/load.js';
export { buildAnswerer } from './knowledge/build.js';

// Errors an embedding app may want to tell apart
export { ConfigError } from './config/load.js';
export { DataDirLockedError, DataFileError, StoreUnavailableError } from './storage/errors.js';
export { DocumentConflictError, LeaseLostError } from './storage/store.js';
