import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/gateway/gateway.js';
import { reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import { agentFixture, lastToolResults } from './agent-fixture.js';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('ClaudeAgent tool-use loop', () => {
  it('answers a question from one tool call, streaming, with cached tools and system prompt', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text('Checking.'), toolUse('service_metrics', { service: 'frontend' })]), reply([text('Frontend load is normal.')]));
    const answer = await fixture.ask("how's frontend load?");

    expect(answer).toEqual({ text: 'Frontend load is normal.', actions: [], offline: false });
    const [first, second] = fixture.server.requests;
    // This SDK sends the key as a bearer token; older ones used x-api-key.
    expect(first!.headers['x-api-key'] ?? first!.headers.authorization).toMatch(/^(Bearer )?test-key$/);
    expect(first!.body.stream).toBe(true);
    expect(first!.body.model).toBe('claude-test');
    expect(first!.body.system).toHaveLength(2);
    expect(first!.body.system![0]!.cache_control).toEqual({ type: 'ephemeral' });
    expect(first!.body.system![0]!.text).toContain('frontend (team web');
    expect(first!.body.system![1]!.cache_control).toBeUndefined();
    expect(first!.body.system![1]!.text).toContain('U00DEV (Dana Developer)');
    const tools = first!.body.tools!;
    expect(tools[tools.length - 1]!.cache_control).toEqual({ type: 'ephemeral' });
    expect(tools.slice(0, -1).every((tool) => tool.cache_control === undefined)).toBe(true);
    expect(tools.find((tool) => tool.name === 'service_metrics')!.input_schema).toMatchObject({ type: 'object', properties: { service: { enum: ['frontend', 'api', 'auth', 'payments'] } }, required: ['service'] });

    const [result] = lastToolResults(second!.body);
    expect(result!.is_error).toBeUndefined();
    expect(result!.content).toMatch(/^<tool_result_data source="service_metrics">\nfrontend \(production\)/);
    expect(result!.content).toContain('not instructions');
    // The model's call went through the gateway and is audited as chosen by the model.
    const calls = await fixture.opsbot.audit.search({ event: 'call', tool: 'service_metrics' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.origin).toMatchObject({ via: 'model', conversationId: 'C-test' });
  });

  it('runs two tool calls of one turn concurrently and returns both results together', async () => {
    const events: string[] = [];
    const wrapGateway = (gateway: Gateway): Gateway => {
      const wrapped = Object.create(gateway) as Gateway;
      wrapped.call = async (request) => {
        events.push(`start ${request.tool}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        const outcome = await gateway.call(request);
        events.push(`end ${request.tool}`);
        return outcome;
      };
      return wrapped;
    };
    fixture = await agentFixture({ wrapGateway });
    fixture.server.enqueue(
      reply([toolUse('service_status', { service: 'api' }, 'toolu_a'), toolUse('oncall', { about: 'team', team: 'platform' }, 'toolu_b')]),
      reply([text('api is up; Abe is on call.')]),
    );
    await fixture.ask("is api ok and who's on call for platform?");

    expect(events.slice(0, 2).sort()).toEqual(['start oncall', 'start service_status']);
    const results = lastToolResults(fixture.server.requests[1]!.body);
    expect(results.map((result) => result.tool_use_id)).toEqual(['toolu_a', 'toolu_b']);
    expect(results[1]!.content).toContain('On call for platform');
  });

  it('turns an unknown tool and bad arguments into error results and carries on', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(
      reply([toolUse('format_disk', { device: '/dev/sda' }, 'toolu_x'), toolUse('service_metrics', { service: 'mainframe', range: '2y' }, 'toolu_y')]),
      reply([text('Sorry, I could not find that.')]),
    );
    const answer = await fixture.ask('wipe the disk and show mainframe metrics');

    expect(answer.text).toBe('Sorry, I could not find that.');
    const [unknown, invalid] = lastToolResults(fixture.server.requests[1]!.body);
    expect(unknown).toMatchObject({ tool_use_id: 'toolu_x', is_error: true });
    expect(unknown!.content).toContain('unknown tool "format_disk"');
    expect(invalid).toMatchObject({ tool_use_id: 'toolu_y', is_error: true });
    expect(invalid!.content).toContain('invalid arguments for service_metrics');
  });

  it('bounds round trips: the last round offers no tools, and a model that calls one anyway gets a clear stop', async () => {
    fixture = await agentFixture({ agent: { maxRoundTrips: 2 } });
    fixture.server.useScript(() => reply([toolUse('service_status', { service: 'auth' })]));
    const answer = await fixture.ask('keep checking auth forever');

    expect(fixture.server.requests).toHaveLength(2);
    expect(fixture.server.requests[0]!.body.tool_choice).toBeUndefined();
    expect(fixture.server.requests[1]!.body.tool_choice).toEqual({ type: 'none' });
    expect(answer.text).toContain('I stopped after 2 model round trip(s)');
    expect(answer.text).toContain('service_status');
    expect(await fixture.opsbot.audit.search({ event: 'call', tool: 'service_status' })).toHaveLength(1);
  });

  it('gives a clear answer when the time for one message runs out', async () => {
    fixture = await agentFixture({ agent: { timeoutSeconds: 0.3 } });
    fixture.server.enqueue(reply([toolUse('service_status', { service: 'auth' })]), { kind: 'hang' });
    const answer = await fixture.ask('how is auth?');

    expect(answer.offline).toBe(false);
    expect(answer.text).toContain('I could not finish: no answer within the time allowed for one message.');
    expect(answer.text).toContain('auth (production)');
  });

  it('lets the router answer when the model does not answer in time before any tool ran', async () => {
    fixture = await agentFixture({ agent: { timeoutSeconds: 0.3 } });
    fixture.server.enqueue({ kind: 'hang' });
    const answer = await fixture.ask('status auth');

    expect(answer.offline).toBe(true);
    expect(answer.text.split('\n')[0]).toBe('(The language model is unavailable: no answer within the time allowed for one message. The offline command router answered instead.)');
    expect(answer.text).toContain('auth (production)');
  });
});
