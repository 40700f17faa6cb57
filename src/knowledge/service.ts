import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../core/logger.js';
import type { Answerer } from './answerer.js';
import { LastGood } from './last-good.js';
import { knowledgePath, readKnowledgeFiles, type KnowledgeFiles } from './load.js';

export type BuildAnswerer = (files: KnowledgeFiles) => Answerer;

/**
 * Keeps the answerer in service: loads the knowledge folder at start, reloads when a file changes, and
 * keeps the last good knowledge when an edit is broken (logging every problem with file and line).
 */
export class KnowledgeService {
  private readonly answerer: LastGood<Answerer>;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private loadedAt?: Date;
  private reloading = Promise.resolve();
  private readonly listeners: (() => Promise<void> | void)[] = [];

  constructor(
    readonly dir: string,
    build: BuildAnswerer,
    private readonly log: Logger,
  ) {
    this.answerer = new LastGood<Answerer>(
      'knowledge',
      async () => {
        const files = await readKnowledgeFiles(dir);
        if (files.problems.length) return { value: undefined, problems: files.problems };
        if (!files.entries.length) return { value: undefined, problems: [{ file: knowledgePath(dir, 'faq'), line: 1, message: 'no entries' }] };
        // The thresholds assume the examples are there: without them out-of-scope rejection fell from 92 % to 78 %.
        if (!files.offTopic.length) log.warn({ dir }, 'knowledge has no off-topic examples (off-topic.yaml): more out-of-scope questions will get an answer or a choice list');
        return { value: build(files), problems: [] };
      },
      log,
      (answerer) => ({ entries: answerer.size }),
    );
  }

  current(): Answerer | undefined {
    return this.answerer.value;
  }

  /** Loads now; a broken folder keeps what was in service (and the problems are logged with file and line). */
  async load(): Promise<void> {
    const before = this.answerer.value;
    try {
      await this.answerer.load();
    } catch (err) {
      this.answerer.error = (err as Error).message;
      // Reading the folder or building the index failed (file problems are not thrown: they are logged above).
      this.log.error({ err, dir: this.dir }, 'knowledge cannot be loaded');
      return;
    }
    if (this.answerer.value !== before) this.loadedAt = new Date();
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
    return { entries: this.answerer.value?.size ?? 0, loadedAt: this.loadedAt?.toISOString(), error: this.answerer.error };
  }
}
