import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../src/policies/policy-engine.js';
import { RoleResolver } from '../../src/policies/role-resolver.js';
import { createRegistry } from '../../src/tools/index.js';
import { testConfig } from '../support/test-config.js';

const config = testConfig();
const registry = createRegistry(config);
const policy = new PolicyEngine(config.policies, new RoleResolver(config.policies));
const USERS = ['U00VIEWER', 'U00DEV', 'U00LEAD', 'U00LEAD2', 'U00SRE'] as const;

/** Mutating calls of the demo, one per tool × environment (or target). */
const CALLS: Array<{ label: string; tool: string; args: Record<string, unknown> }> = [
  ...['staging', 'production'].flatMap((environment) => [
    { label: `deploy ${environment}`, tool: 'deploy', args: { service: 'frontend', environment, version: 'v2.4.0' } },
    { label: `rollback ${environment}`, tool: 'rollback', args: { service: 'auth', environment } },
    { label: `scale ${environment}`, tool: 'scale', args: { service: 'frontend', environment, replicas: 5 } },
    { label: `restart ${environment}`, tool: 'restart', args: { service: 'frontend', environment } },
    { label: `rollout undo ${environment}`, tool: 'rollout_undo', args: { service: 'frontend', environment } },
  ]),
  { label: 'deploy! staging', tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: 'v2.4.0', force: true } },
  { label: 'deploy! production', tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0', force: true } },
  { label: 'deploy lock', tool: 'deploy_lock', args: { service: 'frontend', environment: 'production', reason: 'migrating db' } },
  { label: 'deploy lock staging', tool: 'deploy_lock', args: { service: 'frontend', environment: 'staging', reason: 'demo day' } },
  { label: 'deploy unlock', tool: 'deploy_unlock', args: { service: 'frontend', environment: 'production' } },
  { label: 'page person', tool: 'page', args: { target: 'person', person: 'U00SRE', message: 'db down' } },
  { label: 'page team', tool: 'page', args: { target: 'team', team: 'payments', message: 'checkout failing' } },
  { label: 'page ic', tool: 'page', args: { target: 'incident_commander', message: 'sev1' } },
  { label: 'page responders', tool: 'page', args: { target: 'responders', message: 'all hands' } },
  { label: 'alert silence', tool: 'alert_silence', args: { alert: 'HighErrorRate', comment: 'flapping' } },
  { label: 'alert unsilence', tool: 'alert_unsilence', args: { alert: 'HighErrorRate' } },
  { label: 'incident declare', tool: 'incident_declare', args: { title: 'auth 5xx', severity: 'high' } },
  { label: 'incident update', tool: 'incident_update', args: { id: 'INC-2026-0001', status: 'identified' } },
  { label: 'incident resolve', tool: 'incident_resolve', args: { id: 'INC-2026-0001' } },
  { label: 'release prepare', tool: 'release_prepare', args: {} },
  { label: 'release publish', tool: 'release_publish', args: { version: 'v2026.11.1' } },
];

// c = needs confirmation, the requester may confirm; o = needs confirmation by another lead; - = denied.
const EXPECTED: Record<string, string> = {
  //                       VIEWER DEV LEAD LEAD2 SRE
  'deploy staging':       '- c c c -',
  'rollback staging':     '- c c c -',
  'deploy production':    '- - o o -',
  'rollback production':  '- - o o -',
  'scale staging':        '- c c c -',
  'scale production':     '- - o o -',
  'restart staging':      '- c c c -',
  'restart production':   '- - o o -',
  'rollout undo staging': '- c c c -',
  'rollout undo production': '- - o o -',
  'deploy! staging':      '- - c c -',
  'deploy! production':   '- - o o -',
  'deploy lock':          '- - o o -',
  'deploy lock staging':  '- c c c -',
  'deploy unlock':        '- - o o -',
  'page person':          '- c c c c',
  'page team':            '- c c c c',
  'page ic':              '- c c c c',
  'page responders':      '- c c c c',
  'alert silence':        '- - c c c',
  'alert unsilence':      '- - c c c',
  'incident declare':     '- - c c c',
  'incident update':      '- - c c c',
  'incident resolve':     '- - c c c',
  'release prepare':      '- c c c -',
  'release publish':      '- - c c -',
};

describe('demo policy table: each user × each mutating tool × environment', () => {
  it('covers every mutating tool', () => {
    const mutating = registry.list().filter((tool) => tool.effect === 'mutate').map((tool) => tool.name).sort();
    expect([...new Set(CALLS.map((call) => call.tool))].sort()).toEqual(mutating);
  });

  for (const call of CALLS) {
    it(call.label, async () => {
      const tool = registry.get(call.tool)!;
      const args = tool.input.parse(call.args);
      const actual: string[] = [];
      for (const user of USERS) {
        const decision = await policy.decide(user, tool, args);
        if (decision.outcome === 'deny') actual.push('-');
        else if (decision.outcome === 'confirm') actual.push(decision.approval.requesterMayApprove ? 'c' : 'o');
        else actual.push('allow');
      }
      expect(actual.join(' ')).toBe(EXPECTED[call.label]);
    });
  }

  it('production approvals: only a lead other than the requester', async () => {
    const tool = registry.get('deploy')!;
    const decision = await policy.decide('U00LEAD', tool, { service: 'frontend', environment: 'production', version: 'v2.4.0' });
    if (decision.outcome !== 'confirm') throw new Error('expected confirm');
    const verdicts = await Promise.all(USERS.map(async (user) => [user, (await policy.mayApprove(user, 'U00LEAD', decision.approval)).ok]));
    expect(Object.fromEntries(verdicts)).toEqual({ U00VIEWER: false, U00DEV: false, U00LEAD: false, U00LEAD2: true, U00SRE: false });
  });

  it('reads are allowed for every demo user and denied for an unknown one', async () => {
    const tool = registry.get('service_metrics')!;
    for (const user of USERS) expect((await policy.decide(user, tool, { service: 'frontend' })).outcome).toBe('allow');
    const stranger = await policy.decide('U0STRANGER', tool, { service: 'frontend' });
    expect(stranger).toMatchObject({ outcome: 'deny' });
  });

  it('fails closed when role lookup errors', async () => {
    const broken = new PolicyEngine({ ...config.policies, groups: { S0ONCALL: ['sre'] } }, new RoleResolver({ ...config.policies, groups: { S0ONCALL: ['sre'] } }, { groupsOf: async () => { throw new Error('slack unreachable'); } }));
    const decision = await broken.decide('U00LEAD', registry.get('service_status')!, {});
    expect(decision).toMatchObject({ outcome: 'deny' });
    expect(decision.reason).toContain('denying to be safe');
  });

  it('grants roles through user groups', async () => {
    const policies = { ...config.policies, groups: { S0ONCALL: ['sre'] } };
    const engine = new PolicyEngine(policies, new RoleResolver(policies, { groupsOf: async (user) => (user === 'U0GROUPIE' ? ['S0ONCALL'] : []) }));
    const decision = await engine.decide('U0GROUPIE', registry.get('alert_silence')!, { alert: 'HighErrorRate', comment: 'x', duration_minutes: 60 });
    expect(decision.outcome).toBe('confirm');
  });

  it('filters tools by what a user may use', async () => {
    const visible = async (user: string) => {
      const names: string[] = [];
      for (const tool of registry.list()) if (await policy.mayUse(user, tool, config.environments)) names.push(tool.name);
      return names;
    };
    const viewer = await visible('U00VIEWER');
    expect(viewer).toContain('service_status');
    expect(viewer).not.toContain('deploy');
    expect(await visible('U00DEV')).toContain('deploy');
    expect(await visible('U00DEV')).not.toContain('release_publish');
    expect(await visible('U0STRANGER')).toEqual([]);
  });
});
