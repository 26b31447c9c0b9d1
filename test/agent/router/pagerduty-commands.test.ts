import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Origin } from '../../../src/actions/origin.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import type { FakePagerDuty } from '../../support/fake-pagerduty-server.js';
import { pagerDutyOpsbot, startFakePagerDuty } from '../../backends/pagerduty/pagerduty-fixture.js';

const origin: Origin = { frontEnd: 'test', conversationId: 'test:pagerduty-commands' };
let peer: FakePagerDuty;
let opsbot: Awaited<ReturnType<typeof pagerDutyOpsbot>>;
let router: CommandRouter;

beforeAll(async () => {
  peer = await startFakePagerDuty();
  opsbot = await pagerDutyOpsbot(peer);
  router = new CommandRouter(opsbot.gateway, opsbot.config);
});
afterAll(async () => {
  await opsbot.cleanup();
  await peer.stop();
});

const say = (actor: string, text: string) => router.respond({ text, actor, origin });

/** Says a mutating command, expects exactly one proposal, and confirms it as `approver`. */
async function sayAndConfirm(actor: string, text: string, approver = actor) {
  const reply = await say(actor, text);
  expect(reply.actions).toHaveLength(1);
  const action = reply.actions[0]!;
  const outcome = await opsbot.gateway.confirm(action.id, approver, origin);
  return { reply, action, outcome };
}

/** The body of the one POST /incidents the peer recorded after `before`. */
function onlyIncidentPostSince(before: number) {
  const posts = peer.requestsTo('POST', '/incidents').slice(before);
  expect(posts).toHaveLength(1);
  return { headers: posts[0]!.headers, incident: (posts[0]!.body as { incident: Record<string, unknown> }).incident };
}

const assignees = (incident: Record<string, unknown>) => (incident.assignments as Array<{ assignee: { id: string; type: string } }>).map((assignment) => assignment.assignee);

// Issue 13: the classic on-call commands, typed as people type them, answered by and sent to PagerDuty.
describe('on-call commands through the router, answered by PagerDuty', () => {
  it('!ic reads the commander schedule from GET /oncalls and names the commander, backup and shadow with PagerDuty phones', async () => {
    const before = peer.requestsTo('GET', '/oncalls').length;
    const reply = await say('U00VIEWER', '!ic');
    expect(reply.text).toMatch(/^Incident commander until \d{4}-.*: Lee Lead \(<@U00LEAD>\) — \+1 555 0202, lee@example\.com/);
    expect(reply.text).toContain('backup: Sam Reliability (<@U00SRE>) — +1 555 0204');
    expect(reply.text).toContain('shadow: Lou Lead (<@U00LEAD2>) — +1 555 0203');
    const asked = peer.requestsTo('GET', '/oncalls').slice(before);
    expect(asked.some((request) => request.query.getAll('schedule_ids[]').includes('PSCHEDIC'))).toBe(true);
  });

  it('!ic responders reads every team escalation policy from GET /oncalls, including people only PagerDuty knows', async () => {
    const before = peer.requestsTo('GET', '/oncalls').length;
    const reply = await say('U00VIEWER', '!ic responders');
    expect(reply.text).toMatch(/^Current responders:/);
    expect(reply.text).toContain('web primary: Dana Developer (<@U00DEV>) — +1 555 0201');
    expect(reply.text).toContain('identity backup: Nora Night (<@PNORA01>) — +1 555 0299, nora@example.com');
    expect(reply.text).toContain('payments backup: Pat Payments (<@U00PAY2>)');
    const policies = peer.requestsTo('GET', '/oncalls').slice(before).flatMap((request) => request.query.getAll('escalation_policy_ids[]'));
    expect(new Set(policies)).toEqual(new Set(['PEPWEB1', 'PEPPLAT', 'PEPIDEN', 'PEPPAYS']));
  });

  it('!ic who NAME finds someone only PagerDuty knows through GET /users', async () => {
    const before = peer.requestsTo('GET', '/users').length;
    const reply = await say('U00VIEWER', '!ic who Nora');
    expect(reply.text).toBe('Nora Night (<@PNORA01>) — +1 555 0299, nora@example.com [Etc/UTC]');
    const searches = peer.requestsTo('GET', '/users').slice(before);
    expect(searches.map((request) => request.query.get('query'))).toContain('Nora');
    expect(await say('U00VIEWER', '!ic who sam')).toMatchObject({ text: 'Sam Reliability (<@U00SRE>) — +1 555 0204, sam@example.com [Etc/UTC]' });
  });

  it('a bare !ic page proposes first, and once confirmed opens one incident assigned to the commander, backup and shadow', async () => {
    const before = peer.requestsTo('POST', '/incidents').length;
    const reply = await say('U00SRE', '!ic page');
    expect(reply.actions).toHaveLength(1);
    expect(reply.actions[0]!.preview?.recipients).toBe('Lee Lead (U00LEAD), Sam Reliability (U00SRE), Lou Lead (U00LEAD2)');
    // Nothing reaches PagerDuty before the confirmation.
    expect(peer.requestsTo('POST', '/incidents').slice(before)).toEqual([]);
    const outcome = await opsbot.gateway.confirm(reply.actions[0]!.id, 'U00SRE', origin);
    expect(outcome.text).toMatch(/^Paged the incident commander: Lee Lead, Sam Reliability, Lou Lead — ".+" \(page PINC\d+\)\.$/);
    const { headers, incident } = onlyIncidentPostSince(before);
    expect(headers.from).toBe('sam@example.com');
    expect(incident).toMatchObject({ type: 'incident', service: { id: 'PSERVICE1', type: 'service_reference' }, incident_key: `opsbot-${reply.actions[0]!.id}` });
    expect(String(incident.title)).toMatch(/Sam Reliability|U00SRE/);
    expect(assignees(incident)).toEqual([
      { id: 'PLEE001', type: 'user_reference' },
      { id: 'PSAM001', type: 'user_reference' },
      { id: 'PLOU001', type: 'user_reference' },
    ]);
  });

  it('page team web MESSAGE, once confirmed, opens one incident assigned to the web primary and backup, from the requester', async () => {
    const before = peer.requestsTo('POST', '/incidents').length;
    const { action, outcome } = await sayAndConfirm('U00DEV', 'page team web checkout is failing');
    expect(action.preview?.recipients).toBe('Dana Developer (U00DEV), Wes Web (U00WEB1)');
    expect(outcome.text).toMatch(/^Paged team web on-call: Dana Developer, Wes Web — "checkout is failing" \(page PINC\d+\)\.$/);
    const { headers, incident } = onlyIncidentPostSince(before);
    expect(headers.from).toBe('dana@example.com');
    expect(incident).toMatchObject({ title: 'checkout is failing', incident_key: `opsbot-${action.id}` });
    expect(assignees(incident)).toEqual([
      { id: 'PDANA01', type: 'user_reference' },
      { id: 'PWES001', type: 'user_reference' },
    ]);
  });

  it("an incident's lifecycle typed as commands: create opens it in PagerDuty, update notes and acknowledges, resolve resolves", async () => {
    const before = peer.requestsTo('POST', '/incidents').length;
    const declared = await sayAndConfirm('U00LEAD', 'incident create checkout errors spiking severity:critical');
    const id = /INC-\d{4}-\d{4}/.exec(declared.outcome.text)![0];
    const { headers, incident } = onlyIncidentPostSince(before);
    expect(headers.from).toBe('lee@example.com');
    expect(incident).toMatchObject({ title: `[${id}] checkout errors spiking`, urgency: 'high', priority: { id: 'PPRIO01', type: 'priority_reference' }, incident_key: `opsbot-${id}` });
    const pd = peer.incidents.at(-1)!;
    expect(pd.status).toBe('triggered');

    await sayAndConfirm('U00SRE', `incident update ${id} status:identified bad deploy of payments`);
    expect(pd.status).toBe('acknowledged');
    expect(pd.notes).toEqual([{ content: expect.stringMatching(/bad deploy of payments.*U00SRE/), user: 'PSAM001' }]);

    const resolved = await sayAndConfirm('U00LEAD', `incident resolve ${id} rolled back`);
    expect(resolved.outcome.text).toContain(`Resolved ${id}`);
    expect(pd.status).toBe('resolved');
    expect(pd.status_changes).toEqual([{ status: 'acknowledged', by: 'PSAM001' }, { status: 'resolved', by: 'PLEE001' }]);
    expect(pd.notes.at(-1)).toEqual({ content: expect.stringMatching(/rolled back.*U00LEAD/), user: 'PLEE001' });
  });
});
