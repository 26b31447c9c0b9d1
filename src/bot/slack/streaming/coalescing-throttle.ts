/** Options for a throttle: the shortest gap between two sends, and where a failed send is reported. */
export interface ThrottleOptions {
  minIntervalMs: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * Sends the latest of a stream of values at most once per interval, dropping the ones in between: progress
 * notes and streamed text only matter in their newest form, and Slack rate-limits edits of one message.
 */
export class CoalescingThrottle<T> {
  private latest: T | undefined;
  private hasLatest = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly send: (value: T) => Promise<void>,
    private readonly options: ThrottleOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Queues a value; it (or a newer one) goes out once the interval since the last send has passed. */
  push(value: T): void {
    if (this.closed) return;
    this.latest = value;
    this.hasLatest = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.chain = this.chain.then(() => this.sendLatest().catch((error: unknown) => this.options.onError?.(error)));
    }, this.waitMs());
  }

  /** Stops sending queued values and waits for a send under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.hasLatest = false;
    await this.chain;
  }

  /** Sends one last value right after the interval allows, after anything already under way; errors reach the caller. */
  async finish(value: T): Promise<void> {
    await this.close();
    const wait = this.waitMs();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastSentAt = this.now();
    await this.send(value);
  }

  private waitMs(): number {
    return Math.max(0, this.lastSentAt + this.options.minIntervalMs - this.now());
  }

  private async sendLatest(): Promise<void> {
    if (!this.hasLatest || this.closed) return;
    const value = this.latest as T;
    this.hasLatest = false;
    this.lastSentAt = this.now();
    await this.send(value);
  }
}
