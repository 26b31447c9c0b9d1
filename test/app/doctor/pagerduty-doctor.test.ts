import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/app/doctor/run-doctor.js';
import { validateConfig } from '../../../src/app/validate-config.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import type { FakePagerDuty } from '../../support/fake-pagerduty-server.js';
import { pagerDutyOverrides, startFakePagerDuty, TOKEN } from '../../backends/pagerduty/pagerduty-fixture.js';

describe('opsbot doctor: PagerDuty, against the loopback REST API', () => {
  let peer: FakePagerDuty;
  beforeAll(async () => {
    peer = await startFakePagerDuty();
  });
  afterAll(async () => {
    await peer.stop();
  });

  const configWith = (overrides: Partial<ConfigInput> = {}) => validateConfig({ ...demoConfig, ...pagerDutyOverrides(peer.url), ...overrides });

  it('checks the key, and that every service, escalation policy and schedule config names exists', async () => {
    const report = await runDoctor({ config: configWith(), env: { PAGERDUTY_TOKEN: TOKEN } });
    const check = report.checks.find((entry) => entry.system === 'pagerduty')!;
    expect(check.status).toBe('ok');
    expect(check.found).toEqual(
      expect.arrayContaining(['API key accepted', 'backends.paging.service: PSERVICE1 exists (service PSERVICE1)', 'teams[0].pagerduty.escalationPolicy: PEPWEB1 exists (escalation policy PEPWEB1)', 'teams[0].pagerduty.shadowSchedule: PSHADOW exists (schedule PSHADOW)', 'incidentCommander.pagerduty.schedule: PSCHEDIC exists (schedule PSCHEDIC)']),
    );
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('names what does not exist by its config path, a refused key and an unset one', async () => {
    const base = pagerDutyOverrides(peer.url);
    const teams = base.teams!.map((team, index) => (index === 1 ? { ...team, pagerduty: { escalationPolicy: 'PNOSUCH' } } : team));
    const report = await runDoctor({ config: configWith({ teams }), env: { PAGERDUTY_TOKEN: TOKEN } });
    const check = report.checks.find((entry) => entry.system === 'pagerduty')!;
    expect(check.status).toBe('problem');
    expect(check.found).toContain('teams[1].pagerduty.escalationPolicy: PNOSUCH does not exist in this PagerDuty account');
    expect(report.usable).toBe(false);
    const refused = await runDoctor({ config: configWith(), env: { PAGERDUTY_TOKEN: 'wrong-key' } });
    expect(refused.checks.find((entry) => entry.system === 'pagerduty')!.found[0]).toMatch(/^PagerDuty refused the API key \(HTTP 401/);
    const unset = await runDoctor({ config: configWith(), env: {} });
    expect(unset.checks.find((entry) => entry.system === 'pagerduty')!.found).toEqual(['pagerduty.token names PAGERDUTY_TOKEN, which is not set in the environment']);
  });
});
