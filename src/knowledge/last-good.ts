import type { Logger } from '../core/logger.js';
import { formatProblem, type KnowledgeProblem } from './load.js';

/**
 * Something read from the knowledge folder (the FAQ's answerer, the copy-check rules, the wizard rules) kept
 * in service across reloads: each load logs every problem with file and line, and a broken edit keeps the last
 * good version instead of switching the feature off. `value` is undefined only until a good version was read.
 */
export class LastGood<T> {
  value: T | undefined;
  /** A one-line summary of the latest load's problems, for /healthz. */
  error: string | undefined;

  constructor(
    private readonly label: string,
    private readonly read: () => Promise<{ value: T | undefined; problems: KnowledgeProblem[] }>,
    private readonly log: Logger,
    private readonly describe: (value: T) => Record<string, unknown>,
  ) {}

  async load(): Promise<void> {
    const { value, problems } = await this.read();
    this.error = problems.length ? `${problems.length} problems, first: ${formatProblem(problems[0]!)}` : undefined;
    for (const p of problems) this.log.error(`${this.label}: ${formatProblem(p)}`);
    if (value) {
      this.value = value;
      this.log.info(this.describe(value), `${this.label} loaded`);
    } else {
      this.log.error(this.value ? `${this.label} not reloaded: keeping the last good version in service` : `${this.label} not loaded`);
    }
  }
}
