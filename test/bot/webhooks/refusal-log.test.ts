import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../src/bot/webhooks/refusal-log.js';

describe('refusal log', () => {
  it('writes the first refusal of a window per source, and the count of the rest with the next one after it', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new RefusalLog((line) => lines.push(line), 60_000, () => now);
    for (let index = 0; index < 900; index++) log.refused('github', '10.0.0.9');
    log.refused('alertmanager', '10.0.0.9');
    now = 61_000;
    log.refused('github', '10.0.0.9');
    expect(lines).toEqual([
      'github: refused a delivery with a bad or missing credential from 10.0.0.9',
      'alertmanager: refused a delivery with a bad or missing credential from 10.0.0.9',
      'github: refused a delivery with a bad or missing credential from 10.0.0.9 (899 more refused in the 60 s before, not logged one by one)',
    ]);
  });
});
