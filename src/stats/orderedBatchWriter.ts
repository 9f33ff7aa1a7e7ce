/**
 * Writes items in the order they were given, everything waiting in one batch, one write at a time.
 * A failed write keeps its batch at the head for the next flush, so nothing is lost or reordered
 * while the database is away.
 */
export class OrderedBatchWriter<T> {
  private readonly waiting: T[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly write: (batch: readonly T[]) => Promise<void>,
    private readonly onFailure: (error: unknown, waiting: number) => void,
  ) {}

  push(items: readonly T[]): void {
    this.waiting.push(...items);
  }

  /** Writes what waits; resolves once written or once a write failed (never rejects). */
  flush(): Promise<void> {
    if (this.waiting.length === 0) return this.writing ?? Promise.resolve();
    this.writing ??= this.writeWaiting().finally(() => (this.writing = undefined));
    return this.writing;
  }

  /** Resolves when the write in progress, if any, is over. */
  async settled(): Promise<void> {
    await this.writing;
  }

  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.slice();
      try {
        await this.write(batch);
      } catch (e) {
        this.onFailure(e, this.waiting.length);
        return;
      }
      this.waiting.splice(0, batch.length);
    }
  }
}
