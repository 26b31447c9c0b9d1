import { describe, expect, it } from 'vitest';
import { DeferredProgress } from '../../../src/bot/slack/streaming/deferred-progress.js';
import type { ProgressIndicator } from '../../../src/bot/slack/streaming/progress-indicator.js';

/** An indicator that writes down what it was asked to show, prefixed with which one it is. */
class RecordingIndicator implements ProgressIndicator {
  readonly kind = 'status';
  constructor(
    private readonly name: string,
    private readonly shown: string[],
  ) {}
  note(text: string): void {
    this.shown.push(`${this.name} note ${text}`);
  }
  write(delta: string): void {
    this.shown.push(`${this.name} write ${delta}`);
  }
  proposed(summary: string): void {
    this.shown.push(`${this.name} proposed ${summary}`);
  }
  async finish(text: string): Promise<void> {
    this.shown.push(`${this.name} finish ${text}`);
  }
  async abandon(): Promise<void> {
    this.shown.push(`${this.name} abandon`);
  }
}

function deferred(delayMs: number, shown: string[], visibleDelayMs = 0): DeferredProgress {
  return new DeferredProgress(
    {
      visible: async () => {
        shown.push('status shown');
        await new Promise((resolve) => setTimeout(resolve, visibleDelayMs));
        return new RecordingIndicator('visible', shown);
      },
      quiet: () => new RecordingIndicator('quiet', shown),
    },
    delayMs,
  );
}

describe('an indicator shown only when the answer is not ready within a glance', () => {
  it('posts only the answer when it comes within the delay', async () => {
    const shown: string[] = [];
    await deferred(60_000, shown).finish('the answer');
    expect(shown).toEqual(['quiet finish the answer']);
  });

  it('shows the status once the delay has passed, and the answer replaces it', async () => {
    const shown: string[] = [];
    const progress = deferred(20, shown);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(shown).toEqual(['status shown']);
    await progress.finish('the answer');
    expect(shown).toEqual(['status shown', 'visible finish the answer']);
  });

  it('shows at once when the turn has something to show, keeping the order of everything said', async () => {
    const shown: string[] = [];
    // The status takes a while to appear: notes said meanwhile must neither be lost nor overtake each other.
    const progress = deferred(60_000, shown, 30);
    progress.note('Reading metrics…');
    progress.write('Frontend ');
    progress.proposed('deploy frontend');
    await progress.finish('Frontend is fine.');
    expect(shown).toEqual(['status shown', 'visible note Reading metrics…', 'visible write Frontend ', 'visible proposed deploy frontend', 'visible finish Frontend is fine.']);
  });

  it('abandons the shown indicator, and shows nothing when none was shown yet', async () => {
    const quiet: string[] = [];
    await deferred(60_000, quiet).abandon();
    expect(quiet).toEqual([]);
    const shown: string[] = [];
    const progress = deferred(60_000, shown);
    progress.note('Reading metrics…');
    await progress.abandon();
    expect(shown).toEqual(['status shown', 'visible note Reading metrics…', 'visible abandon']);
  });

  it('still posts the answer when the indicator failed to show', async () => {
    const shown: string[] = [];
    const errors: unknown[] = [];
    const progress = new DeferredProgress(
      {
        visible: async () => {
          throw new Error('ratelimited');
        },
        quiet: () => new RecordingIndicator('quiet', shown),
      },
      0,
      (error) => errors.push(error),
    );
    progress.note('Reading metrics…');
    await progress.finish('the answer');
    expect(shown).toEqual(['quiet finish the answer']);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('is not a thenable, so awaiting it gives the indicator itself', async () => {
    const shown: string[] = [];
    const progress = deferred(60_000, shown);
    expect(await Promise.resolve(progress)).toBe(progress);
    expect(shown).toEqual([]);
    await progress.abandon();
  });
});
