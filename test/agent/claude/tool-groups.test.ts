import { afterEach, describe, expect, it } from 'vitest';
import { reply, text, toolUse, type MessagesRequestBody } from '../../support/fake-anthropic-server.js';
import { agentFixture, lastToolResults } from './agent-fixture.js';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const names = (body: MessagesRequestBody) => body.tools!.map((tool) => tool.name);
const moreToolsGroups = (body: MessagesRequestBody) => {
  const schema = body.tools!.find((tool) => tool.name === 'more_tools')!.input_schema as { properties: { groups: { items: { enum: string[] } } } };
  return schema.properties.groups.items.enum;
};

describe('tool groups', () => {
  it('offers a status question the status tools, and more_tools adds deploys for the rest of the message: proposal, approval, outcome', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(
      reply([toolUse('service_metrics', { service: 'frontend', environment: 'staging' }, 'toolu_m')]),
      reply([text('Latency is high; v2.4.0 has the fix.'), toolUse('more_tools', { groups: ['deploys'] }, 'toolu_more')]),
      reply([toolUse('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' }, 'toolu_d')]),
      reply([text('Proposed the deploy; a lead must approve.')]),
      reply([text('Yes, it went out.')]),
    );
    const answer = await fixture.ask('frontend in staging is slow, the fix is in v2.4.0', 'U00DEV');

    const [first, second, third, fourth] = fixture.server.requests.map((request) => request.body);
    expect(names(first!)).toContain('service_metrics');
    expect(names(first!)).not.toContain('deploy');
    expect(names(first!).at(-1)).toBe('more_tools');
    expect(moreToolsGroups(first!)).toContain('deploys');
    expect(first!.tools!.find((tool) => tool.name === 'more_tools')!.description).toContain('deploys (deploys: history, deploy, rollback, deploy locks)');
    // Offered until the message ends: in the round after more_tools and in the one after that.
    expect(names(second!)).not.toContain('deploy');
    expect(names(third!)).toEqual(expect.arrayContaining(['deploy', 'rollback', 'deploy_history', 'service_metrics']));
    expect(names(fourth!)).toContain('deploy');
    const [enabled] = lastToolResults(third!);
    expect(enabled).toMatchObject({ tool_use_id: 'toolu_more' });
    expect(enabled!.is_error).toBeUndefined();
    expect(enabled!.content).toContain('deploy_history, deploy, rollback');
    // more_tools is the agent's own: it reaches neither the gateway nor the audit log; the deploy is a proposal.
    expect(await fixture.opsbot.audit.search({ event: 'call', tool: 'more_tools' })).toEqual([]);
    expect(answer.actions.map((action) => action.tool)).toEqual(['deploy']);

    const outcome = await fixture.opsbot.gateway.confirm(answer.actions[0]!.id, 'U00LEAD', { frontEnd: 'test' });
    expect(outcome.status).toBe('executed');
    await fixture.ask('did it work?', 'U00DEV');
    // The conversation's recent deploy keeps its group offered to the next message, without more_tools.
    const fifth = fixture.server.requests[4]!.body;
    expect(names(fifth)).toContain('deploy');
    expect(JSON.stringify(fifth.messages)).toContain('approved by U00LEAD and succeeded');
  });

  it('answers more_tools with the groups it can add, and an error for a group that is not one of them', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(
      reply([toolUse('more_tools', { groups: [] }, 'toolu_list'), toolUse('more_tools', { groups: ['mainframe'] }, 'toolu_bad')]),
      reply([text('Here is what I can do.')]),
    );
    await fixture.ask('how is api?', 'U00LEAD');

    const [listed, refused] = lastToolResults(fixture.server.requests[1]!.body);
    expect(listed!.is_error).toBeUndefined();
    expect(listed!.content).toMatch(/^Groups you can add: .*deploys \(deploys: history/);
    expect(listed!.content).toContain('releases (product releases)');
    expect(refused).toMatchObject({ is_error: true });
    expect(refused!.content).toMatch(/^No such group: mainframe\. Groups you can add:/);
    expect(names(fixture.server.requests[1]!.body)).not.toContain('deploy');
  });

  it('never lists a group whose every tool the user may not use', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([text('api is up.')]), reply([text('api is up.')]));
    await fixture.ask('how is api?', 'U00VIEWER');
    await fixture.ask('how is api?', 'U00LEAD', 'C-lead');

    const [viewer, lead] = fixture.server.requests.map((request) => request.body);
    // Releases are all changes: a viewer may use none, so more_tools does not even name the group.
    expect(moreToolsGroups(viewer!)).not.toContain('releases');
    expect(moreToolsGroups(lead!)).toContain('releases');
    expect(JSON.stringify(viewer!.tools)).not.toMatch(/"name":"(deploy|rollback|page|release_prepare)"/);
  });
});
