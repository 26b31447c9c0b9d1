import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../src/actions/outcomes.js';
import { testOpsbot } from '../support/test-opsbot.js';

const origin = { frontEnd: 'test' as const, conversationId: 'tools-test' };
let opsbot: Awaited<ReturnType<typeof testOpsbot>>;

beforeAll(async () => {
  opsbot = await testOpsbot();
});
afterAll(async () => {
  await opsbot.cleanup();
});

async function read(tool: string, args: Record<string, unknown>, actor = 'U00VIEWER') {
  const outcome = await opsbot.gateway.call({ tool, args, actor, origin });
  if (outcome.status !== 'ok') throw new Error(`${tool}: expected ok, got ${outcome.status}: ${outcome.text}`);
  return outcome;
}

/** Proposes as `requester`, confirms as `approver`, and returns the finished action. */
async function mutate(tool: string, args: Record<string, unknown>, requester: string, approver = requester) {
  const proposed: CallOutcome = await opsbot.gateway.call({ tool, args, actor: requester, origin });
  if (proposed.status !== 'pending') throw new Error(`${tool}: expected pending, got ${proposed.status}: ${proposed.text}`);
  const resolved = await opsbot.gateway.confirm(proposed.action.id, approver, origin);
  if (resolved.status !== 'executed') throw new Error(`${tool}: expected executed, got ${resolved.status}: ${resolved.text}`);
  return resolved.action;
}

describe('every tool, through the gateway, on the demo fleet', () => {
  it('covers all registered tools', () => {
    const covered = ['service_status', 'service_metrics', 'dashboard', 'deploy_history', 'deploy', 'rollback', 'deploy_lock', 'deploy_unlock', 'oncall', 'page', 'alerts_list', 'alert_silence', 'alert_unsilence', 'runbook', 'incident_declare', 'incident_update', 'incident_resolve', 'incident_list', 'status_watch', 'release_prepare', 'release_publish', 'audit_search', 'action_status', 'pods', 'workload_describe', 'pod_logs', 'scale', 'restart', 'rollout_undo', 'incident_note', 'incident_timeline', 'incident_postmortem'];
    expect(opsbot.gateway.catalog.list().map((tool) => tool.name).sort()).toEqual(covered.sort());
  });

  it('service_status: overall, components and version; overview without a service', async () => {
    const one = await read('service_status', { service: 'frontend' });
    expect(one.text).toMatch(/^frontend \(production\) (NORMAL|DEGRADED|DOWN) · v2\.3\.1/);
    expect(one.text).toContain('web:');
    const all = await read('service_status', {});
    // The classic overview: NORMAL for the whole fleet, or what is not (and what could not be determined), first.
    expect(all.text).toMatch(/^NORMAL: all 4 services in production\.\n|^Not NORMAL in production: /);
    const heads = all.text.split('\n').filter((line) => /^\w+ \(production\) /.test(line));
    expect(heads.map((line) => line.split(' ')[0])).toEqual(['frontend', 'api', 'auth', 'payments']);
    // Components are spelled out only for services that are not NORMAL.
    const services = (all.data as { services: Array<{ overall: string; components: Array<{ status: string }> }> }).services;
    const abnormal = services.flatMap((service) => service.components.filter((component) => component.status !== 'NORMAL'));
    expect(all.text.split('\n')).toHaveLength(1 + 4 + abnormal.length);
    const normal = services.filter((service) => service.overall === 'NORMAL').length;
    expect(all.text.split('\n')[0]).toMatch(normal === 4 ? /^NORMAL: all 4 services/ : new RegExp(`; ${normal} of 4 services NORMAL\\.$`));
  });

  it('pods on the demo fleet: payments crashloops in production, with its previous log redacted', async () => {
    const pods = await read('pods', { service: 'payments' });
    expect(pods.text.split('\n')[0]).toBe('payments in production (namespace production): 3 pods, 2 ready.');
    expect(pods.text).toMatch(/CrashLoopBackOff after 7 restarts, last: Error \(exit 1/);
    expect(pods.text).toContain('fatal: ledger database unreachable');
    expect(pods.text).not.toContain('s3cr3t-demo');
  });

  it('deploy_history without a service lists every service, newest first', async () => {
    const all = await read('deploy_history', { limit: 10 });
    const services = new Set((all.data as { deploys: Array<{ service: string }> }).deploys.map((deploy) => deploy.service));
    expect(services.size).toBeGreaterThan(1);
    const times = (all.data as { deploys: Array<{ startedAt: string }> }).deploys.map((deploy) => deploy.startedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('status_watch without a service watches the overall status', async () => {
    const stalked = await read('status_watch', { action: 'stalk' });
    expect(stalked.text).toMatch(/^Watching the overall status/);
    expect((await read('status_watch', { action: 'list' })).text).toContain('the overall status');
    expect((await read('status_watch', { action: 'unstalk' })).text).toBe('Stopped watching the overall status.');
  });

  it('service_metrics: current figures with sparklines', async () => {
    const outcome = await read('service_metrics', { service: 'frontend', range: '6h' });
    expect(outcome.text).toMatch(/requests\s+[\d.]+ req\/s\s+[▁▂▃▄▅▆▇█]{10,}/);
    expect(outcome.text).toMatch(/p95 latency\s+[\d.]+ ms/);
  });

  it('deploy, deploy_history and rollback change the fleet only after confirmation', async () => {
    const before = await read('service_status', { service: 'api', environment: 'staging' });
    const version = /· (v[\d.]+)/.exec(before.text)![1]!;
    const deployed = await mutate('deploy', { service: 'api', environment: 'staging', version: 'v9.0.0' }, 'U00DEV');
    expect(deployed.state).toBe('succeeded');
    expect(deployed.preview).toEqual({ current: version, proposed: 'v9.0.0', resolved: 'demo build v9.0.0' });
    expect((await read('service_status', { service: 'api', environment: 'staging' })).text).toContain('· v9.0.0');
    const history = await read('deploy_history', { service: 'api', environment: 'staging' });
    expect(history.text.split('\n')[0]).toContain(`${version} → v9.0.0 succeeded`);
    const rolledBack = await mutate('rollback', { service: 'api', environment: 'staging' }, 'U00DEV');
    expect(rolledBack.result?.text).toContain(`v9.0.0 → ${version}`);
    expect((await read('service_status', { service: 'api', environment: 'staging' })).text).toContain(`· ${version}`);
  });

  it('deploy of a version the demo marks broken fails and keeps the old version', async () => {
    const failed = await mutate('deploy', { service: 'auth', environment: 'staging', version: 'v6.6.6' }, 'U00DEV');
    expect(failed.state).toBe('failed');
    expect(failed.result?.text).toMatch(/failed/);
    const status = (await read('service_status', { service: 'auth', environment: 'staging' })).text;
    expect(status.split('\n')[0]).not.toContain('v6.6.6');
    expect(status).toMatch(/deploy v6\.6\.6 failed/);
  });

  it('oncall: team, incident commander, responders and a person', async () => {
    expect((await read('oncall', { about: 'team', team: 'payments' })).text).toMatch(/On call for payments until .*\n {2}primary: .*\n {2}backup: /);
    expect((await read('oncall', { about: 'incident_commander' })).text).toMatch(/^Incident commander until/);
    expect((await read('oncall', { about: 'responders' })).text).toContain('incident commander:');
    expect((await read('oncall', { about: 'person', person: 'Sam' })).text).toContain('+1-555-0104');
  });

  it('page: sends after confirmation and records the page', async () => {
    const action = await mutate('page', { target: 'person', person: 'U00SRE', message: 'database is down' }, 'U00DEV');
    expect(action.result?.text).toContain('Paged U00SRE: Sam Reliability');
    expect((await opsbot.backends.paging.history(1))[0]).toMatchObject({ status: 'sent', message: 'database is down', requestedBy: 'U00DEV' });
  });

  it('alerts_list, alert_silence and runbook', async () => {
    const listed = await read('alerts_list', { include_silenced: true });
    expect(listed.text).toMatch(/^(No alerts firing\.|\d+ alert\(s\):)/);
    const silenced = await mutate('alert_silence', { alert: 'HighErrorRate', service: 'payments', duration_minutes: 30, comment: 'flapping' }, 'U00SRE');
    expect(silenced.result?.text).toMatch(/^Silenced HighErrorRate for payments until /);
    // The silence names the person and points back to the approved action.
    const silence = (silenced.result?.data as { silence: { id: string; createdBy: string; comment: string } }).silence;
    expect(silence.createdBy).toBe('Sam Reliability (U00SRE)');
    expect(silence.comment).toBe(`flapping (opsbot action ${silenced.id})`);
    const unknown = await opsbot.gateway.call({ tool: 'alert_silence', args: { alert: 'HighErrrorRate', duration_minutes: 30, comment: 'typo' }, actor: 'U00SRE', origin });
    expect(unknown).toMatchObject({ status: 'invalid' });
    expect(unknown.text).toContain('Unknown alert "HighErrrorRate"');
    const lifted = await mutate('alert_unsilence', { alert: 'HighErrorRate', service: 'payments' }, 'U00SRE');
    expect(lifted.preview).toMatchObject({ silences: silence.id });
    expect(lifted.result?.text).toMatch(new RegExp(`^Expired 1 silence\\(s\\): ${silence.id} \\(HighErrorRate payments, ended `));
    expect(await opsbot.backends.alerts.activeSilences({ alertName: 'HighErrorRate' })).toEqual([]);
    const none = await opsbot.gateway.call({ tool: 'alert_unsilence', args: { silence_id: silence.id }, actor: 'U00SRE', origin });
    expect(none).toMatchObject({ status: 'invalid' });
    const runbook = await read('runbook', { query: 'HighErrorRate' });
    expect(runbook.text).toMatch(/^Runbook: .*\n {2}1\. /);
    const missing = await opsbot.gateway.call({ tool: 'runbook', args: { query: 'NoSuchThing' }, actor: 'U00VIEWER', origin });
    expect(missing).toMatchObject({ status: 'error' });
    expect(missing.text).toContain('Known runbooks:');
  });

  it('incident_declare, incident_update, incident_resolve and incident_list', async () => {
    const declared = await mutate('incident_declare', { title: 'auth 5xx', severity: 'high' }, 'U00SRE');
    const id = (declared.result?.data as { incident: { id: string } }).incident.id;
    expect(id).toMatch(/^INC-\d{4}-\d{4}$/);
    await mutate('incident_update', { id, status: 'identified', note: 'bad token cache' }, 'U00SRE');
    expect((await read('incident_list', {})).text).toContain(`${id} "auth 5xx" severity high, identified`);
    await mutate('incident_resolve', { id, note: 'cache flushed' }, 'U00LEAD');
    const detail = await read('incident_list', { id });
    expect(detail.text).toContain('resolved');
    expect(detail.text).toContain('bad token cache');
    expect((await read('incident_list', {})).text).not.toContain(id);
  });

  it('incident_note, incident_timeline and incident_postmortem read back what happened', async () => {
    const declared = await mutate('incident_declare', { title: 'queue backlog', severity: 'medium' }, 'U00SRE');
    const id = (declared.result?.data as { incident: { id: string } }).incident.id;
    const noted = await opsbot.gateway.call({ tool: 'incident_note', args: { id, text: 'consumers scaled out' }, actor: 'U00SRE', origin });
    expect(noted).toMatchObject({ status: 'ok', text: `Noted on ${id}: consumers scaled out` });
    expect((await read('incident_timeline', { id })).text).toContain('note: consumers scaled out (U00SRE)');
    expect((await read('incident_postmortem', { id })).text).toContain(`# Postmortem: ${id} queue backlog (draft)`);
  });

  it('incident_declare keeps the catalog service it names, and refuses one the catalog lacks', async () => {
    const declared = await mutate('incident_declare', { title: 'api 5xx spike', service: 'api' }, 'U00SRE');
    expect(declared.result?.text).toMatch(/^Declared INC-\d{4}-\d{4} "api 5xx spike" severity medium, investigating, owner <@U00SRE>, service api\.$/);
    const id = (declared.result?.data as { incident: { id: string } }).incident.id;
    expect((await opsbot.backends.incidents.get(id))?.service).toBe('api');
    const unknown = await opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'db slow', service: 'database' }, actor: 'U00SRE', origin });
    expect(unknown.status).toBe('invalid');
  });

  it('status_watch: stalk, list and unstalk', async () => {
    expect((await read('status_watch', { action: 'stalk', service: 'payments' }, 'U00DEV')).text).toContain('Watching payments');
    expect((await read('status_watch', { action: 'stalk', service: 'payments' }, 'U00DEV')).text).toBe('Already watching payments here (started by Dana Developer).');
    expect((await read('status_watch', { action: 'list' }, 'U00DEV')).text).toBe('Watching here: payments (started by Dana Developer)');
    expect((await read('status_watch', { action: 'unstalk', service: 'payments' }, 'U00DEV')).text).toBe('Stopped watching payments.');
  });

  it('release_prepare twice updates one PR; release_publish tags it', async () => {
    const first = await mutate('release_prepare', {}, 'U00DEV');
    const data = first.result?.data as { release: { version: string; pullRequest: { number: number } } };
    expect(first.result?.text).toMatch(/PR #\d+ opened/);
    const second = await mutate('release_prepare', {}, 'U00DEV');
    expect(second.result?.text).toContain(`PR #${data.release.pullRequest.number} updated`);
    const published = await mutate('release_publish', { version: data.release.version }, 'U00LEAD');
    expect(published.result?.text).toContain(`Published ${data.release.version}`);
  });

  it('audit_search and action_status read opsbot\'s own records', async () => {
    const proposed = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin });
    if (proposed.status !== 'pending') throw new Error('expected pending');
    const status = await read('action_status', { id: proposed.action.id });
    expect(status.text).toMatch(new RegExp(`^${proposed.action.id} proposed: deploy frontend v2.4.0 to production`));
    const audit = await read('audit_search', { action_id: proposed.action.id });
    expect(audit.text).toContain('proposed deploy');
  });
});

describe('page binds to the recipients the approver saw', () => {
  it('refuses to page when the rotation changed between approval card and click', async () => {
    const people = {
      U00PAY1: { id: 'U00PAY1', name: 'Priya Payments', email: null, phone: '+1-555-0108', timezone: null },
      U00PAY2: { id: 'U00PAY2', name: 'Pat Payments', email: null, phone: '+1-555-0109', timezone: null },
    };
    // A real on-call port whose roster a test can hand over, as a schedule change would.
    const roster = {
      primary: people.U00PAY1,
      async team(team: string) {
        return { team, primary: this.primary, backup: null, shadow: null, until: '2026-11-23T00:00:00Z' };
      },
      async incidentCommander() {
        return { person: this.primary, until: '2026-11-23T00:00:00Z' };
      },
      async responders() {
        return [{ role: 'primary' as const, team: 'payments', person: this.primary }];
      },
      async person(query: string) {
        return Object.values(people).find((person) => person.id === query) ?? null;
      },
    };
    const bound = await testOpsbot({ backends: { oncall: roster } });
    try {
      const proposed = await bound.gateway.call({ tool: 'page', args: { target: 'team', team: 'payments', message: 'checkout failing' }, actor: 'U00DEV', origin });
      if (proposed.status !== 'pending') throw new Error(proposed.text);
      expect(proposed.action.preview).toEqual({ recipients: 'Priya Payments (U00PAY1)' });
      roster.primary = people.U00PAY2;
      const resolved = await bound.gateway.confirm(proposed.action.id, 'U00DEV', origin);
      // The gateway re-reads the recipients at approval (the page tool's preconditions): nothing is sent.
      expect(resolved.action).toMatchObject({ state: 'stale' });
      expect(resolved.text).toContain('team payments on-call is now Pat Payments (U00PAY2), not Priya Payments (U00PAY1) as this card showed');
      expect(await bound.backends.paging.history(5)).toEqual([]);
    } finally {
      await bound.cleanup();
    }
  });
});

describe('paging when things are down', () => {
  it('says the page failed and lists contacts to call by hand, from the cached roster when on-call is down too', async () => {
    const first = await testOpsbot({ onDisk: true });
    const dataDir = first.dataDir!;
    // A normal day: an on-call lookup fills the cache.
    const lookup = await first.gateway.call({ tool: 'oncall', args: { about: 'team', team: 'payments' }, actor: 'U00VIEWER', origin });
    if (lookup.status !== 'ok') throw new Error(lookup.text);
    const primary = (lookup.data as { team: { primary: { id: string; name: string; phone: string } } }).team.primary;
    await first.close();
    const down = await testOpsbot({ onDisk: true, dataDir, overrides: { demo: { brokenVersions: [], deploySeconds: 0.4, outages: ['paging', 'oncall'] } } });
    try {
      const proposed = await down.gateway.call({ tool: 'page', args: { target: 'team', team: 'payments', message: 'checkout failing' }, actor: 'U00DEV', origin });
      if (proposed.status !== 'pending') throw new Error(proposed.text);
      const resolved = await down.gateway.confirm(proposed.action.id, 'U00DEV', origin);
      expect(resolved.action).toMatchObject({ state: 'failed' });
      expect(resolved.text).toMatch(/^Paging team payments on-call FAILED \(paging provider unreachable/);
      expect(resolved.text).toContain('Contact them by hand:');
      expect(resolved.text).toContain(`${primary.name} (<@${primary.id}>) — ${primary.phone}`);
    } finally {
      await down.cleanup();
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
