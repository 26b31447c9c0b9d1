/** Work a chat front end started after acknowledging the platform: tracked so stop and tests can wait for it. */
export class ChatWork {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown, what: string) => void) {}

  track(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.onError(error, what));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Resolves once nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
