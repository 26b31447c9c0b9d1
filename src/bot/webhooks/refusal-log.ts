/**
 * Log lines for refused deliveries, at most one per source per window: a prober sending hundreds of unsigned
 * requests a minute must not flood the log (or its bill). The first refusal of a window is logged at once; the
 * next logged line says how many were refused in between.
 */
export class RefusalLog {
  private readonly windows = new Map<string, { startedAt: number; suppressed: number }>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  refused(source: string, from: string): void {
    const at = this.now();
    const window = this.windows.get(source);
    if (window && at - window.startedAt < this.windowMs) {
      window.suppressed++;
      return;
    }
    const earlier = window?.suppressed ? ` (${window.suppressed} more refused in the ${Math.round(this.windowMs / 1000)} s before, not logged one by one)` : '';
    this.windows.set(source, { startedAt: at, suppressed: 0 });
    this.write(`${source}: refused a delivery with a bad or missing credential from ${from}${earlier}`);
  }
}
