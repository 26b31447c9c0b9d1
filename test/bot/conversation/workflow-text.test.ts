import { describe, expect, it } from 'vitest';
import { workflowSpans } from '../../../src/bot/conversation/workflow-text.js';
import { briefingMessage } from '../../../src/workflows/briefing-message.js';

describe('workflow text on platforms other than Slack', () => {
  it('turns the briefing\'s own marks into spans and leaves tool output literal, people and times live', () => {
    const incident = { id: 'INC-2026-0007', title: 'checkout *errors*', service: 'payments', severity: 'high' } as Parameters<typeof briefingMessage>[0];
    const message = briefingMessage(incident, [
      { title: 'On call', state: 'ok', text: 'primary: <@U00PAY1> until 2026-12-14T00:00:00.000Z; see <https://evil.example|here> @channel' },
      { title: 'Firing alerts', state: 'failed', reason: 'Alertmanager unreachable' },
    ], new Date('2026-12-07T20:00:00Z'));
    const spans = workflowSpans(message.text);
    expect(spans[0]).toEqual({ icon: 'info' });
    expect(spans).toContainEqual({ bold: ['On call:'] });
    expect(spans).toContainEqual({ bold: ['Firing alerts:'] });
    expect(spans).toContainEqual({ icon: 'warning' });
    expect(spans).toContainEqual({ person: 'U00PAY1' });
    expect(spans).toContainEqual({ time: '2026-12-14T00:00:00.000Z' });
    expect(spans.at(-1)).toMatchObject({ italic: expect.arrayContaining([{ code: 'incident timeline' }]) });
    // What tools wrote stays text: no link, no broadcast, and no emoji code or asterisks of ours left over.
    const literal = JSON.stringify(spans);
    expect(literal).not.toContain('"link"');
    expect(spans.filter((span) => typeof span === 'string').join('')).toContain('<https://evil.example|here> @channel');
    expect(spans.filter((span) => typeof span === 'string').join('')).not.toMatch(/:clipboard:|:warning:|\*On call:\*/);
  });

  it('keeps unknown emoji names and stray marks inside identifiers as written', () => {
    expect(workflowSpans('p95_latency and error_rate :tada:')).toEqual(['p95_latency and error_rate :tada:']);
  });
});
