import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../core/logger.js';
import type { Answerer } from './answerer.js';
import { formatProblem, readKnowledgeFiles, type KnowledgeFiles } from './load.js';

export type BuildAnswerer = (files: KnowledgeFiles) => Answerer;

/**
 * Keeps the answerer in service: loads the knowledge folder at start, reloads when a file changes, and
 * keeps the last good knowledge when an edit is broken (logging every problem with file and line).
 */
export class KnowledgeService {
  private answerer?: Answerer;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private loadedAt?: Date;
  private lastError?: string;
  private reloading = Promise.resolve();
  private readonly listeners: (() => Promise<void> | void)[] = [];

  constructor(
    readonly dir: string,
    private readonly build: BuildAnswerer,
    private readonly log: Logger,
  ) {}

  current(): Answerer | undefined {
    return this.answerer;
  }

  /** Loads now. Returns false (and keeps what was in service) if the files have problems. */
  async load(): Promise<boolean> {
    let files: KnowledgeFiles;
    try {
      files = await readKnowledgeFiles(this.dir);
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.error({ err, dir: this.dir }, 'knowledge folder cannot be read');
      return false;
    }
    if (files.problems.length) {
      this.lastError = `${files.problems.length} problems, first: ${formatProblem(files.problems[0]!)}`;
      for (const p of files.problems) this.log.error(`knowledge: ${formatProblem(p)}`);
      this.log.error(this.answerer ? 'knowledge has errors: keeping the last good version in service' : 'knowledge has errors: not loaded');
      return false;
    }
    if (!files.entries.length) {
      this.lastError = `no entries in ${this.dir}/faq`;
      this.log.warn({ dir: this.dir }, 'knowledge folder has no entries');
      return false;
    }
    this.answerer = this.build(files);
    this.loadedAt = new Date();
    this.lastError = undefined;
    this.log.info({ entries: this.answerer.size }, 'knowledge loaded');
    return true;
  }

  /** Runs after every reload triggered by a file change (other files in the folder: copy rules, wizard rules). */
  onChange(listener: () => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /** Reloads shortly after files stop changing (editors write in several steps). */
  watch(debounceMs = 300): void {
    try {
      this.watcher = watch(this.dir, { recursive: true }, () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.reloading = this.reloading.then(async () => {
            await this.load();
            for (const listener of this.listeners) {
              await Promise.resolve()
                .then(listener)
                .catch((err: unknown) => this.log.error({ err }, 'reload after a knowledge change failed'));
            }
          });
        }, debounceMs);
      });
      this.watcher.on('error', (err) => this.log.warn({ err }, 'knowledge watcher failed; edits need a restart'));
    } catch (err) {
      this.log.warn({ err, dir: this.dir }, 'cannot watch the knowledge folder; edits need a restart');
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
    await this.reloading;
  }

  health() {
    return { entries: this.answerer?.size ?? 0, loadedAt: this.loadedAt?.toISOString(), error: this.lastError };
  }
}
