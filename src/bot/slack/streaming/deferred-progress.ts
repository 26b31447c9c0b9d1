import type { ProgressIndicator } from './progress-indicator.js';

/**
 * How long an answer may take before a person is shown that opsbot is working. An answer within this is itself the
 * first feedback: a status shown for a few milliseconds and cleared by the answer tells nobody anything, and costs
 * every event a second Web API call under load.
 */
export const FEEDBACK_DELAY_MS = 120;

/** How a deferred indicator starts: the visible one, and the one that shows nothing until the answer. */
export interface DeferredStarts {
  /** Shows the status or "checking…" message now. */
  visible: () => Promise<ProgressIndicator>;
  /** Posts only the answer (nothing was shown while it was worked out). */
  quiet: () => ProgressIndicator;
}

/**
 * A progress indicator that appears only when the answer is not ready within `delayMs`, or at once when the turn has
 * something to show (a progress note, streamed text, a proposal). Calls keep their order across the start.
 */
export class DeferredProgress implements ProgressIndicator {
  private started?: Promise<ProgressIndicator>;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly starts: DeferredStarts,
    delayMs: number = FEEDBACK_DELAY_MS,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.timer = setTimeout(() => void this.begin().catch(this.onError), delayMs);
    this.timer.unref();
    if (delayMs <= 0) void this.begin().catch(this.onError);
  }

  get kind(): ProgressIndicator['kind'] {
    return 'status';
  }

  note(text: string): void {
    this.whenStarted((indicator) => indicator.note(text));
  }

  write(delta: string): void {
    this.whenStarted((indicator) => indicator.write(delta));
  }

  proposed(summary: string): void {
    this.whenStarted((indicator) => indicator.proposed?.(summary));
  }

  async finish(text: string): Promise<void> {
    clearTimeout(this.timer);
    // An indicator that failed to show (its error already reported) must not cost the answer: post it plainly.
    const indicator = this.started ? await this.started.catch(() => this.starts.quiet()) : this.starts.quiet();
    await indicator.finish(text);
  }

  async abandon(): Promise<void> {
    clearTimeout(this.timer);
    const shown = await this.started?.catch(() => undefined);
    await shown?.abandon();
  }

  private begin(): Promise<ProgressIndicator> {
    clearTimeout(this.timer);
    this.started ??= this.starts.visible();
    return this.started;
  }

  // Not named `then`: an object with a `then` method is a thenable, and `await` would call it.
  private whenStarted(use: (indicator: ProgressIndicator) => void): void {
    this.begin().then(use, this.onError);
  }
}
