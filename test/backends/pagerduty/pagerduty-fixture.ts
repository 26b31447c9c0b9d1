import type { ConfigInput } from '../../../src/config/schema.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { FakePagerDuty } from '../../support/fake-pagerduty-server.js';
import { testOpsbot } from '../../support/test-opsbot.js';

export const TOKEN = 'pd-test-token-5f3a9c1e7b';
const DAY = 86_400_000;

/** A PagerDuty account mirroring the demo people (matched by email), plus Nora, whom only PagerDuty knows. */
export async function startFakePagerDuty(): Promise<FakePagerDuty> {
  const peer = new FakePagerDuty(TOKEN);
  const people: Array<[string, string, string, string]> = [
    ['PDANA01', 'Dana Developer', 'dana@example.com', '555 0201'],
    ['PWES001', 'Wes Web', 'wes@example.com', '555 0205'],
    ['PLEE001', 'Lee Lead', 'lee@example.com', '555 0202'],
    ['PLOU001', 'Lou Lead', 'lou@example.com', '555 0203'],
    ['PSAM001', 'Sam Reliability', 'sam@example.com', '555 0204'],
    ['PABE001', 'Abe Api', 'abe@example.com', '555 0206'],
    ['PIDA001', 'Ida Identity', 'ida@example.com', '555 0207'],
    ['PPRIYA1', 'Priya Payments', 'priya@example.com', '555 0208'],
    ['PPAT001', 'Pat Payments', 'pat@example.com', '555 0209'],
    ['PVIC001', 'Vic Viewer', 'vic@example.com', '555 0200'],
    ['PNORA01', 'Nora Night', 'nora@example.com', '555 0299'],
    ['POPSBOT', 'opsbot', 'opsbot@example.com', ''],
  ];
  for (const [id, name, email, phone] of people) peer.addUser({ id, name, email, time_zone: 'Etc/UTC', ...(phone ? { phone } : {}) });
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  const shift = (user: string, policy: string, level: number, from: number, to: number, schedule: string | null = null) =>
    peer.addShift({ user, escalation_policy: policy, escalation_level: level, schedule, start: at(from), end: at(to) });
  shift('PDANA01', 'PEPWEB1', 1, -1, 6);
  shift('PWES001', 'PEPWEB1', 2, -1, 6);
  shift('PWES001', 'PEPWEB1', 1, 6, 13);
  shift('PLEE001', 'PEPSHAD', 1, -1, 6, 'PSHADOW');
  shift('PABE001', 'PEPPLAT', 1, -1, 6);
  shift('PSAM001', 'PEPPLAT', 2, -1, 6);
  shift('PIDA001', 'PEPIDEN', 1, -1, 6);
  shift('PNORA01', 'PEPIDEN', 2, -1, 6);
  shift('PPRIYA1', 'PEPPAYS', 1, -1, 6);
  peer.addShift({ user: 'PPAT001', escalation_policy: 'PEPPAYS', escalation_level: 2, schedule: null, start: null, end: null });
  // The incident commander schedule (used by an escalation policy, as PagerDuty needs to list its on-calls).
  shift('PLEE001', 'PEPICS1', 1, -1, 6, 'PSCHEDIC');
  shift('PSAM001', 'PEPICS1', 1, 6, 13, 'PSCHEDIC');
  shift('PLOU001', 'PEPICS1', 1, 13, 20, 'PSCHEDIC');
  shift('PLEE001', 'PEPICS1', 1, 20, 27, 'PSCHEDIC');
  await peer.start();
  return peer;
}

/** Config overrides choosing PagerDuty for on-call, paging and incidents, against the peer at `url`. */
export function pagerDutyOverrides(url: string): Partial<ConfigInput> {
  const policies: Record<string, string> = { web: 'PEPWEB1', platform: 'PEPPLAT', identity: 'PEPIDEN', payments: 'PEPPAYS' };
  return {
    // No rotations: with PagerDuty a team needs only its escalation policy.
    teams: demoConfig.teams.map((team) => ({ name: team.name, description: team.description, pagerduty: { escalationPolicy: policies[team.name]!, ...(team.name === 'web' ? { shadowSchedule: 'PSHADOW' } : {}) } })),
    incidentCommander: { pagerduty: { schedule: 'PSCHEDIC' } },
    people: { ...demoConfig.people, U00SRE: { ...demoConfig.people!.U00SRE!, pagerduty: 'PSAM001' } },
    backends: { oncall: { adapter: 'pagerduty' }, paging: { adapter: 'pagerduty', service: 'PSERVICE1' }, incidents: { adapter: 'pagerduty', service: 'PSERVICE1', severities: { low: { urgency: 'low' }, medium: { urgency: 'low' }, high: { urgency: 'high' }, critical: { urgency: 'high', priority: 'PPRIO01' } } } },
    pagerduty: { token: 'env:PAGERDUTY_TOKEN', from: 'opsbot@example.com', apiUrl: url },
  };
}

/** A whole opsbot whose on-call, paging and incidents go to the peer. */
export function pagerDutyOpsbot(peer: FakePagerDuty) {
  return testOpsbot({ overrides: pagerDutyOverrides(peer.url), env: { PAGERDUTY_TOKEN: TOKEN } });
}
