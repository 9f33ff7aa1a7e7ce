/** Events per second over the last few seconds, counted in one-second buckets. */
export class EventRate {
  private readonly buckets: number[];
  private currentSecond = 0;

  constructor(
    private readonly now: () => number,
    private readonly windowSeconds = 5,
  ) {
    this.buckets = new Array(windowSeconds).fill(0);
  }

  record(count = 1): void {
    this.advance();
    this.buckets[this.currentSecond % this.windowSeconds] += count;
  }

  /** Average over the complete seconds of the window. */
  perSecond(): number {
    this.advance();
    let total = 0;
    for (let i = 1; i < this.windowSeconds; i++) total += this.buckets[(this.currentSecond - i + this.windowSeconds * 2) % this.windowSeconds];
    return Math.round(total / (this.windowSeconds - 1));
  }

  private advance(): void {
    const second = Math.floor(this.now() / 1000);
    if (second === this.currentSecond) return;
    const steps = Math.min(second - this.currentSecond, this.windowSeconds);
    for (let i = 1; i <= steps; i++) this.buckets[(this.currentSecond + i) % this.windowSeconds] = 0;
    this.currentSecond = second;
  }
}
