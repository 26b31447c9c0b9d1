import { afterEach, describe, expect, it } from 'vitest';
import { reply, text, toolUse } from '../../support/fake-anthropic-server.js';
import { agentFixture, lastToolResults } from './agent-fixture.js';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const deployCall = (index: number) => toolUse('deploy', { service: 'frontend', environment: 'staging', version: `v2.${index}.0` }, `toolu_${index}`);

describe('ClaudeAgent caps proposals per message (agent.maxProposalsPerTurn)', () => {
  it('lets a model calling deploy 500 times in one turn create 3 actions (the default), refusing the rest in their results', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply(Array.from({ length: 500 }, (_, index) => deployCall(index))), reply([text('Proposed the deploys.')]));
    const answer = await fixture.ask('deploy every frontend version to staging');

    expect(await fixture.opsbot.actions.recent(1000)).toHaveLength(3);
    expect(answer.actions.map((action) => action.args.version)).toEqual(['v2.0.0', 'v2.1.0', 'v2.2.0']);
    const results = lastToolResults(fixture.server.requests[1]!.body);
    expect(results).toHaveLength(500);
    expect(results.slice(0, 3).every((result) => !result.is_error && result.content.includes('It has NOT run.'))).toBe(true);
    const refused = results.slice(3);
    expect(refused.every((result) => result.is_error && result.content.startsWith('Not proposed: at most 3 change(s) may be proposed in one message'))).toBe(true);
    // The reply says so whatever the model wrote; the refused calls never reached the gateway.
    expect(answer.text).toBe('Proposed the deploys.\n(497 more change(s) were not proposed: one message may propose at most 3. Ask again once these are decided.)');
    expect(await fixture.opsbot.audit.search({ event: 'call', tool: 'deploy', limit: 1000 })).toHaveLength(3);
  });

  it('counts only calls that became pending: a denied call uses no slot, and reads are never capped', async () => {
    fixture = await agentFixture({ agent: { maxProposalsPerTurn: 1 } });
    fixture.server.enqueue(
      reply([
        toolUse('deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' }, 'toolu_denied'),
        deployCall(4),
        deployCall(5),
        toolUse('service_status', { service: 'api' }, 'toolu_read'),
      ]),
      reply([text('One deploy awaits approval.')]),
    );
    const answer = await fixture.ask('deploy things', 'U00DEV');

    expect(answer.actions.map((action) => action.args.version)).toEqual(['v2.4.0']);
    const results = Object.fromEntries(lastToolResults(fixture.server.requests[1]!.body).map((result) => [result.tool_use_id, result]));
    expect(results.toolu_denied!.content).toContain('Refused: U00DEV lacks deploy:production');
    expect(results.toolu_4!.content).toContain('It has NOT run.');
    expect(results.toolu_5!.content).toContain('Not proposed: at most 1 change(s)');
    expect(results.toolu_read!.is_error).toBeFalsy();
    expect(answer.text).toContain('(1 more change(s) were not proposed: one message may propose at most 1.');
  });
});
