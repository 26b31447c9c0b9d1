import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../../src/actions/outcomes.js';
import type { FakePagerDuty } from '../../support/fake-pagerduty-server.js';
import { pagerDutyOpsbot, startFakePagerDuty } from './pagerduty-fixture.js';

const origin = { frontEnd: 'test' as const, conversationId: 'pagerduty-test' };
let peer: FakePagerDuty;
let opsbot: Awaited<ReturnType<typeof pagerDutyOpsbot>>;

beforeAll(async () => {
  peer = await startFakePagerDuty();
  opsbot = await pagerDutyOpsbot(peer);
});
afterAll(async () => {
  await opsbot.cleanup();
  await peer.stop();
});
beforeEach(async () => {
  peer.clearFaults();
  if (!peer.url || !(await reachable())) await peer.start();
});

async function reachable(): Promise<boolean> {
  return fetch(`${peer.url}/ping`).then(() => true, () => false);
}

async function read(args: Record<string, unknown>, actor = 'U00VIEWER') {
  const outcome = await opsbot.gateway.call({ tool: 'oncall', args, actor, origin });
  if (outcome.status !== 'ok') throw new Error(`expected ok, got ${outcome.status}: ${outcome.text}`);
  return outcome.text;
}

async function propose(tool: string, args: Record<string, unknown>, actor: string) {
  const proposed: CallOutcome = await opsbot.gateway.call({ tool, args, actor, origin });
  if (proposed.status !== 'pending') throw new Error(`expected pending, got ${proposed.status}: ${proposed.text}`);
  return proposed.action;
}

describe('on-call from PagerDuty', () => {
  it('!ic names the commander with their PagerDuty phone, and the next two on the schedule as backup and shadow', async () => {
    const text = await read({ about: 'incident_commander' });
    expect(text).toMatch(/^Incident commander until \d{4}-.*: Lee Lead \(<@U00LEAD>\) — \+1 555 0202, lee@example\.com/);
    expect(text).toContain('backup: Sam Reliability (<@U00SRE>)');
    expect(text).toContain('shadow: Lou Lead (<@U00LEAD2>)');
    const request = peer.requestsTo('GET', '/oncalls').find((entry) => entry.query.getAll('schedule_ids[]').includes('PSCHEDIC'))!;
    expect(request.query.get('earliest')).toBe('true');
    expect(request.query.getAll('include[]')).toEqual(['users']);
  });

  it('!ic responders lists every team across paginated on-calls, including people only PagerDuty knows', async () => {
    peer.maxPageSize = 2;
    try {
      const text = await read({ about: 'responders' });
      expect(text).toContain('web primary: Dana Developer (<@U00DEV>) — +1 555 0201');
      expect(text).toContain('web backup: Wes Web (<@U00WEB1>)');
      expect(text).toContain('web shadow: Lee Lead');
      expect(text).toContain('identity backup: Nora Night (<@PNORA01>) — +1 555 0299, nora@example.com');
      expect(text).toContain('payments backup: Pat Payments');
    } finally {
      peer.maxPageSize = 100;
    }
    const offsets = peer.requestsTo('GET', '/oncalls').map((request) => request.query.get('offset'));
    expect(offsets).toContain('2');
  });

  it('!ic who finds a person by name through config, or through PagerDuty user search', async () => {
    expect(await read({ about: 'person', person: 'sam' })).toBe('Sam Reliability (<@U00SRE>) — +1 555 0204, sam@example.com [Etc/UTC]');
    expect(await read({ about: 'person', person: 'Nora' })).toMatch(/^Nora Night \(<@PNORA01>\) — \+1 555 0299/);
  });

  it('answers from the cache, marked with its age, while PagerDuty is unreachable', async () => {
    const fresh = await read({ about: 'team', team: 'web' });
    expect(fresh).not.toContain('from cache');
    await peer.stop();
    const cached = await read({ about: 'team', team: 'web' });
    expect(cached).toMatch(/^On call for web until .* \(from cache, under a minute old — on-call source unavailable: PagerDuty is unreachable/);
    expect(cached).toContain('primary: Dana Developer');
    expect(await read({ about: 'incident_commander' })).toMatch(/from cache.*Lee Lead/s);
    expect(await read({ about: 'responders' })).toMatch(/^Current responders \(from cache/);
  });
});

describe('paging through PagerDuty', () => {
  it('opens exactly one incident assigned to the people the approver saw, as the requester, keyed by the action', async () => {
    const before = peer.requestsTo('POST', '/incidents').length;
    const action = await propose('page', { target: 'team', team: 'web', message: 'checkout is failing' }, 'U00DEV');
    expect(action.preview?.recipients).toBe('Dana Developer (U00DEV), Wes Web (U00WEB1)');
    const outcome = await opsbot.gateway.confirm(action.id, 'U00DEV', origin);
    expect(outcome.text).toMatch(/^Paged team web on-call: Dana Developer, Wes Web — "checkout is failing" \(page PINC\d+\)\.$/);
    const posts = peer.requestsTo('POST', '/incidents').slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers.from).toBe('dana@example.com');
    const incident = (posts[0]!.body as { incident: Record<string, unknown> }).incident;
    expect(incident).toMatchObject({ type: 'incident', title: 'checkout is failing', service: { id: 'PSERVICE1', type: 'service_reference' }, incident_key: `opsbot-${action.id}` });
    expect(incident.assignments).toEqual([{ assignee: { id: 'PDANA01', type: 'user_reference' } }, { assignee: { id: 'PWES001', type: 'user_reference' } }]);

    // A retried run of the same approval finds the incident it opened.
    const person = { id: 'U00DEV', name: 'Dana Developer', email: 'dana@example.com', phone: null, timezone: null };
    const again = await opsbot.backends.paging.page({ target: 'team web on-call', recipients: [person], message: 'checkout is failing', requestedBy: 'U00DEV', key: action.id });
    expect(peer.requestsTo('POST', '/incidents').slice(before)).toHaveLength(1);
    expect(again.id).toBe(peer.incidents.at(-1)!.id);
  });

  it('!ic page pages the commander, their backup and their shadow', async () => {
    const action = await propose('page', { target: 'incident_commander', message: 'sev1: payments down' }, 'U00SRE');
    await opsbot.gateway.confirm(action.id, 'U00SRE', origin);
    const created = peer.incidents.at(-1)!;
    expect(created.assignments.map((assignment) => assignment.assignee.id)).toEqual(['PLEE001', 'PSAM001', 'PLOU001']);
    expect(created.created_by).toBe('sam@example.com');
  });

  it('when PagerDuty is down, says the page failed and lists each phone and email from the cache', async () => {
    const action = await propose('page', { target: 'team', team: 'web', message: 'site down' }, 'U00DEV');
    await peer.stop();
    const outcome = await opsbot.gateway.confirm(action.id, 'U00DEV', origin);
    expect(outcome.status).toBe('executed');
    expect(outcome.action?.state).toBe('failed');
    expect(outcome.text).toMatch(/^Paging team web on-call FAILED \(.*PagerDuty is unreachable.*\)\. Contact them by hand:\n/);
    expect(outcome.text).toMatch(/\nRoster \(from cache, under a minute old — on-call source unavailable: PagerDuty is unreachable.*\)\.$/);
    expect(outcome.text).toContain('Dana Developer (<@U00DEV>) — +1 555 0201, dana@example.com');
    expect(outcome.text).toContain('Wes Web (<@U00WEB1>) — +1 555 0205, wes@example.com');
  });
});

describe('incidents in PagerDuty', () => {
  it('declare opens a PagerDuty incident with the mapped urgency and priority; update adds notes and acknowledges; resolve resolves', async () => {
    const declare = await propose('incident_declare', { title: 'Checkout errors', severity: 'critical' }, 'U00LEAD');
    const declared = await opsbot.gateway.confirm(declare.id, 'U00LEAD', origin);
    const id = /INC-\d{4}-\d{4}/.exec(declared.text)![0];
    const pd = peer.incidents.at(-1)!;
    expect(pd).toMatchObject({ title: `[${id}] Checkout errors`, urgency: 'high', priority: { id: 'PPRIO01', type: 'priority_reference' }, incident_key: `opsbot-${id}`, created_by: 'lee@example.com', status: 'triggered' });

    const update = await propose('incident_update', { id, status: 'identified', note: 'bad deploy of payments' }, 'U00SRE');
    await opsbot.gateway.confirm(update.id, 'U00SRE', origin);
    expect(pd.notes).toEqual([{ content: expect.stringMatching(/bad deploy of payments.*U00SRE/), user: 'PSAM001' }]);
    expect(pd.status).toBe('acknowledged');

    const resolve = await propose('incident_resolve', { id, note: 'rolled back' }, 'U00LEAD');
    await opsbot.gateway.confirm(resolve.id, 'U00LEAD', origin);
    expect(pd.status).toBe('resolved');
    expect(pd.status_changes).toEqual([{ status: 'acknowledged', by: 'PSAM001' }, { status: 'resolved', by: 'PLEE001' }]);
    const record = await opsbot.backends.incidents.get(id);
    expect(record).toMatchObject({ status: 'resolved' });
    expect(record!.timeline.map((entry) => entry.text)).toContain(`PagerDuty incident ${pd.id} opened (${pd.html_url})`);
  });

  it('keeps the opsbot record and says so in its timeline when PagerDuty cannot be reached', async () => {
    await peer.stop();
    const declare = await propose('incident_declare', { title: 'Login slow', severity: 'low' }, 'U00LEAD');
    const declared = await opsbot.gateway.confirm(declare.id, 'U00LEAD', origin);
    expect(declared.action?.state).toBe('succeeded');
    const id = /INC-\d{4}-\d{4}/.exec(declared.text)![0];
    const record = await opsbot.backends.incidents.get(id);
    expect(record!.timeline.at(-1)!.text).toMatch(/^Not opened in PagerDuty: PagerDuty is unreachable/);
  });
});
