import { afterEach, describe, expect, it } from 'vitest';
import type { Inbound, Reply } from '../../../src/agent/responder.js';
import { reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import { agentFixture } from './agent-fixture.js';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** Asks with `onText`, recording each delta and whether it came before the reply. */
async function askStreaming(fixture: Fixture, question: string): Promise<{ answer: Reply; deltas: string[]; beforeReply: number }> {
  const deltas: string[] = [];
  let replied = false;
  let beforeReply = 0;
  const message: Inbound = {
    text: question,
    actor: 'U00DEV',
    origin: { frontEnd: 'test', conversationId: 'C-stream' },
    onText: (delta) => {
      deltas.push(delta);
      if (!replied) beforeReply += 1;
    },
  };
  const answer = await fixture.agent.respond(message);
  replied = true;
  return { answer, deltas, beforeReply };
}

describe('ClaudeAgent streaming', () => {
  it('passes text deltas on as the model writes them; they add up to the reply text', async () => {
    fixture = await agentFixture();
    const full = `Frontend is healthy. ${'Latency and error rates are within their usual ranges. '.repeat(8)}`.trim();
    fixture.server.enqueue(reply([text(full)], { chunking: { size: 12, delayMs: 2 } }));
    const { answer, deltas, beforeReply } = await askStreaming(fixture, 'how is frontend?');

    expect(answer.text).toBe(full);
    expect(deltas.join('')).toBe(full);
    expect(deltas.length).toBeGreaterThan(20);
    expect(beforeReply).toBe(deltas.length);
  });

  it('streams what the model said before a tool call too, a blank line before the answer, and replies with all of it', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text('Let me check frontend.'), toolUse('service_metrics', { service: 'frontend' })]), reply([text('Frontend load is normal.')], { chunking: { size: 5 } }));
    const streamed = await askStreaming(fixture, "how's frontend load?");
    expect(streamed.answer.text).toBe('Let me check frontend.\n\nFrontend load is normal.');
    expect(streamed.deltas.join('')).toBe(streamed.answer.text);

    // Unstreamed, the reply is the final round's text only, as before.
    fixture.server.enqueue(reply([text('Let me check.'), toolUse('service_metrics', { service: 'frontend' })]), reply([text('Still normal.')]));
    expect((await fixture.ask("and now?", 'U00DEV', 'C-other')).text).toBe('Still normal.');
  });

  it('holds whitespace at the edges back and joins text blocks with a line break', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text('\n  First block.  '), text('Second block.\n\n')], { chunking: { size: 3 } }));
    const { answer, deltas } = await askStreaming(fixture, 'two blocks please');
    expect(answer.text).toBe('First block.\nSecond block.');
    expect(deltas.join('')).toBe(answer.text);
  });

  it("streams opsbot's own additions too: a cut-off note after a truncated answer", async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text('The list of services is: frontend, api, au')], { stopReason: 'max_tokens', chunking: { size: 7 } }));
    const { answer, deltas } = await askStreaming(fixture, 'list everything');
    expect(answer.text).toBe('The list of services is: frontend, api, au\n(My answer was cut off at the length limit.)');
    expect(deltas.join('')).toBe(answer.text);
  });

  it('streams what the tools did when a round limit ends the turn', async () => {
    fixture = await agentFixture({ agent: { maxRoundTrips: 1 } });
    fixture.server.enqueue(reply([text('Checking api.'), toolUse('service_status', { service: 'api' })]));
    const { answer, deltas } = await askStreaming(fixture, 'status of api');
    expect(answer.text).toMatch(/^Checking api\.\nI stopped after 1 model round trip/);
    expect(deltas.join('')).toBe(answer.text);
  });
});
