import { describe, expect, it } from 'vitest';
import { BackgroundWork } from '../../../src/bot/slack/background-work.js';

describe('BackgroundWork.queue', () => {
  it('runs at most `concurrency` jobs at once, in order, and idle() waits for the queued ones too', async () => {
    const work = new BackgroundWork(() => undefined, 2, 60_000);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      work.queue(`job ${index}`, async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(index);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      });
    }
    expect(work.backlog).toBe(4);
    await work.idle();
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(work.backlog).toBe(0);
  });

  it('starts nothing in the tick that queued it, so the request that queued it is answered first', async () => {
    const work = new BackgroundWork(() => undefined);
    let started = false;
    work.queue('job', async () => {
      started = true;
    });
    await Promise.resolve();
    expect(started).toBe(false);
    await work.idle();
    expect(started).toBe(true);
  });

  it('reports a failed job and goes on with the next', async () => {
    const failures: string[] = [];
    const work = new BackgroundWork((error, what) => failures.push(`${what}: ${(error as Error).message}`), 1);
    let ran = false;
    work.queue('first', () => Promise.reject(new Error('boom')));
    work.queue('second', async () => {
      ran = true;
    });
    await work.idle();
    expect(failures).toEqual(['first: boom']);
    expect(ran).toBe(true);
  });

  it('lets the next job start once a running one has waited past its hold, so slow turns do not stop the queue', async () => {
    const work = new BackgroundWork(() => undefined, 1, 1);
    let finishSlow: () => void = () => undefined;
    const started: string[] = [];
    work.queue('slow', async () => {
      started.push('slow');
      await new Promise<void>((resolve) => (finishSlow = resolve));
    });
    work.queue('next', async () => {
      started.push('next');
    });
    await expect.poll(() => started).toEqual(['slow', 'next']);
    finishSlow();
    await work.idle();
    expect(work.backlog).toBe(0);
  });
});
