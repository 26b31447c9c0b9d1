import { afterEach, describe, expect, it } from 'vitest';
import type { Inbound } from '../../../src/agent/responder.js';
import { reply, text } from '../../support/fake-anthropic-server.js';
import { agentFixture, messageTexts } from './agent-fixture.js';

let fixture: Awaited<ReturnType<typeof agentFixture>> | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

// A model can repeat a secret it saw (a pasted token, a log line); its answer is redacted before it is shown, posted or stored.
describe("ClaudeAgent: the model's own output is redacted", () => {
  const answer = 'Use tok_xoxb-123456789012-abcdefghijkl with header Bearer abcdefghijklmnop0123 and key_AKIAIOSFODNN7EXAMPLE, then retry.';

  it('redacts a streamed answer even when a secret arrives split over many deltas, and the deltas still add up to the reply', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text(answer)], { chunking: { size: 3, delayMs: 1 } }));
    const deltas: string[] = [];
    const message: Inbound = { text: 'how do I call the API?', actor: 'U00DEV', origin: { frontEnd: 'test', conversationId: 'C-redact' }, onText: (delta) => deltas.push(delta) };
    const result = await fixture.agent.respond(message);

    expect(result.text).toBe('Use tok_[REDACTED] with header [REDACTED] and key_[REDACTED], then retry.');
    expect(deltas.join('')).toBe(result.text);
    for (const delta of deltas) expect(delta).not.toMatch(/xoxb|AKIA|abcdefghijklmnop/);
  });

  it('redacts an unstreamed answer and what memory keeps of it', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text(answer)]));
    fixture.server.enqueue(reply([text('ok')]));
    const first = await fixture.ask('how do I call the API?', 'U00DEV', 'C-memory');
    expect(first.text).not.toMatch(/xoxb-|AKIA|Bearer abc/);
    await fixture.ask('thanks', 'U00DEV', 'C-memory');
    const remembered = messageTexts(fixture.server.requests[1]!.body as never).join('\n');
    expect(remembered).toContain('tok_[REDACTED]');
    expect(remembered).not.toMatch(/xoxb-|AKIAIOSFODNN7EXAMPLE|abcdefghijklmnop0123/);
  });
});
