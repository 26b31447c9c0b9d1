import { describe, expect, it } from 'vitest';
import { configWarnings, validateConfig } from '../../src/app/validate-config.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { issuesOf } from '../support/config-issues.js';

const weekly = { name: 'weekly-ops', schedule: '0 9 * * MON', timezone: 'Europe/Berlin', channel: 'C0OPS', sections: ['status', 'deploys', 'incidents', 'alerts', 'oncall', 'usage'] };

describe('incidents and reports in opsbot.yaml', () => {
  it('reads the keys of issue 23, with defaults', () => {
    const config = validateConfig({ ...demoConfig, incidents: { announceChannel: 'C0INCIDENTS', noteEmoji: 'memo', postmortems: { repo: 'org/postmortems', path: 'postmortems/{date}-{id}.md' } }, reports: [weekly] });
    expect(config.incidents).toEqual({ announceChannel: 'C0INCIDENTS', noteEmoji: 'memo', postmortems: { repo: 'org/postmortems', path: 'postmortems/{date}-{id}.md' } });
    expect(config.reports).toEqual([weekly]);
    expect(validateConfig(demoConfig).incidents).toEqual({ noteEmoji: 'memo' });
    expect(validateConfig({ ...demoConfig, reports: [{ ...weekly, timezone: undefined }] }).reports[0]!.timezone).toBe('UTC');
  });

  it('refuses a misspelt key with its path, a schedule cron cannot read, an unknown time zone and duplicate names', () => {
    expect(issuesOf({ ...demoConfig, incidents: { announceChanel: 'C0X' } })).toEqual([expect.stringMatching(/^incidents\.announceChanel: unknown key.*announceChannel/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, schedule: '0 9 * MON' }] })).toEqual([expect.stringMatching(/^reports\[0\]\.schedule: .*five fields/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, schedule: '0 9 * * FUNDAY' }] })).toEqual([expect.stringMatching(/^reports\[0\]\.schedule: .*not a cron schedule/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, timezone: 'Europe/Atlantis' }] })).toEqual([expect.stringMatching(/^reports\[0\]\.timezone: unknown time zone/)]);
    expect(issuesOf({ ...demoConfig, reports: [weekly, weekly] })).toEqual([expect.stringMatching(/^reports\[1\]\.name: duplicate report "weekly-ops"/)]);
    expect(issuesOf({ ...demoConfig, reports: [{ ...weekly, sections: ['status', 'weather'] }] })).toEqual([expect.stringMatching(/^reports\[0\]\.sections\[1\]/)]);
  });
  it('warns when reports are scheduled but opsbot-scheduler may not read them', () => {
    expect(configWarnings(validateConfig({ ...demoConfig, reports: [weekly] }))).toEqual([expect.stringMatching(/^policies\.users\.opsbot-scheduler: .*read:reports/)]);
    const policies = { ...demoConfig.policies, roles: { ...demoConfig.policies.roles, scheduler: ['read:reports'] }, users: { ...demoConfig.policies.users, 'opsbot-scheduler': ['scheduler'] } };
    expect(configWarnings(validateConfig({ ...demoConfig, policies, reports: [weekly] }))).toEqual([]);
    expect(configWarnings(validateConfig(demoConfig))).toEqual([]);
  });

  it('reads services[].dependsOn, naming only other catalog services', () => {
    const services = demoConfig.services.map((service) => (service.name === 'payments' ? { ...service, dependsOn: ['auth'] } : service));
    expect(validateConfig({ ...demoConfig, services }).services.find((service) => service.name === 'payments')!.dependsOn).toEqual(['auth']);
    const wrong = demoConfig.services.map((service) => (service.name === 'payments' ? { ...service, dependsOn: ['ledger', 'payments'] } : service));
    const index = demoConfig.services.findIndex((service) => service.name === 'payments');
    expect(issuesOf({ ...demoConfig, services: wrong })).toEqual([`services[${index}].dependsOn[0]: unknown service "ledger"`, `services[${index}].dependsOn[1]: a service cannot depend on itself`]);
  });
});
