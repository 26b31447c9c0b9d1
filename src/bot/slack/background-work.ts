/**
 * Work that outlives the request that started it (the ack went out first). Tracked so a graceful stop and the
 * tests can wait for it, and so a failure is logged instead of becoming an unhandled rejection.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown, what: string) => void) {}

  /** Runs `work` in the background; its failure is reported under `what`. */
  track(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.onError(error, what));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Resolves once nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
