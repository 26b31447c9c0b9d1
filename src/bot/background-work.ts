// Turns starting at once. Enough to keep the Web API and the store busy; few enough that the work done between two
// reads of the socket stays small, so acknowledgements are not queued behind a burst of turns.
const DEFAULT_TURN_CONCURRENCY = 8;
// How long a turn holds its place. A turn still running after this, while the event loop keeps time, is waiting on
// something slow (a model, a backend), not using the CPU the acks need: the next one starts, so a burst of questions
// to a model is not answered 8 at a time. When the loop is late (the CPU is saturated), places are held on.
const DEFAULT_HOLD_MS = 250;
const LATE_LOOP_MS = 10;

/**
 * Work that outlives the request that started it (the ack went out first). Tracked so a graceful stop and the
 * tests can wait for it, and so a failure is logged instead of becoming an unhandled rejection.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<unknown>>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;

  constructor(
    private readonly onError: (error: unknown, what: string) => void,
    private readonly concurrency = DEFAULT_TURN_CONCURRENCY,
    private readonly holdMs = DEFAULT_HOLD_MS,
  ) {}

  /** Runs `work` in the background; its failure is reported under `what`. */
  track(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.onError(error, what));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /**
   * Starts `start` when fewer than `concurrency` queued jobs started in the last `holdMs` still run, always from a
   * later turn of the event loop. Under a burst of events each ack then waits for a few turns' steps at most, never
   * for all of them: the backlog waits here, in order, instead of on the event loop. (Events are already acked and
   * claimed.)
   */
  queue(what: string, start: () => Promise<unknown>): void {
    let release: () => void = () => undefined;
    const job = new Promise<void>((resolve) => this.waiting.push(resolve))
      .then(() => {
        release = this.holdPlace();
        return start();
      })
      .finally(() => release());
    this.track(what, job);
    this.pump();
  }

  /** Jobs queued and not yet started. */
  get backlog(): number {
    return this.waiting.length;
  }

  /** Resolves once nothing is running or queued, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * A started job's place: given back when it ends, or after `holdMs` if it is still waiting then and the event loop
   * was on time to notice (a late timer means the CPU is busy, and another turn would only delay acks further).
   */
  private holdPlace(): () => void {
    let held = true;
    let timer: NodeJS.Timeout | undefined;
    const release = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      this.active -= 1;
      this.pump();
    };
    const arm = () => {
      const due = performance.now() + this.holdMs;
      timer = setTimeout(() => (performance.now() - due > LATE_LOOP_MS ? arm() : release()), this.holdMs);
    };
    arm();
    return release;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      this.active += 1;
      setImmediate(this.waiting.shift()!);
    }
  }
}
