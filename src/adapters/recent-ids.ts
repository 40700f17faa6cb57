/**
 * A bounded memory of recently seen ids, each with what was made of it: platforms re-send an update or a
 * callback when our answer was slow or lost (Telegram's webhook, WeChat's three tries), and each must be
 * handled once.
 */
export class RecentIds<K, V = true> {
  private readonly seen = new Map<K, V>();
  constructor(private readonly max = 2000) {}

  /** Records the id (and its value); false, recording nothing, when it was already seen. */
  add(id: K, value: V): boolean {
    if (this.seen.has(id)) return false;
    this.seen.set(id, value);
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  get(id: K): V | undefined {
    return this.seen.get(id);
  }
}
