/**
 * The last question each person asked in each chat, so a bare `转人工` knows what to pass on. In memory on purpose:
 * after a restart, or half an hour later, asking "what should I pass on?" is the better answer.
 */
export class RecentQuestions {
  private readonly questions = new Map<string, { question: string; at: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly max = 5_000,
  ) {}

  remember(conversationKey: string, question: string, now: number): void {
    // Re-inserting moves the key to the end, so the oldest entries are the first to go.
    this.questions.delete(conversationKey);
    this.questions.set(conversationKey, { question, at: now });
    for (const key of this.questions.keys()) {
      if (this.questions.size <= this.max) break;
      this.questions.delete(key);
    }
  }

  /** The question, or undefined when none was asked or it is too old. Taken once: a second 转人工 asks again. */
  take(conversationKey: string, now: number): string | undefined {
    const found = this.questions.get(conversationKey);
    this.questions.delete(conversationKey);
    return found && now - found.at < this.ttlMs ? found.question : undefined;
  }
}
