import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../src/config/demo-config.js';
import { validateConfig } from '../../src/app/validate-config.js';
import { ConfigError } from '../../src/errors.js';

/** The configuration exactly as the PagerDuty setup documents it. */
const documented = {
  ...demoConfig,
  backends: { oncall: { adapter: 'pagerduty' }, paging: { adapter: 'pagerduty', service: 'PSERVICE1' }, incidents: { adapter: 'pagerduty', service: 'PSERVICE1' } },
  pagerduty: { token: 'env:PAGERDUTY_TOKEN', from: 'opsbot@example.com', apiUrl: 'https://api.pagerduty.com' },
  teams: demoConfig.teams.map((team, index) => ({ name: team.name, pagerduty: { escalationPolicy: `PEP000${index + 1}`, ...(index === 0 ? { shadowSchedule: 'PSHADOW1' } : {}) } })),
  incidentCommander: { pagerduty: { schedule: 'PSCHED01' } },
  people: { ...demoConfig.people, U00SRE: { name: 'Sam Reliability', email: 'sam@example.com', pagerduty: 'PUSER01' } },
  webhooks: { pagerduty: { secret: 'env:PAGERDUTY_WEBHOOK_SECRET' } },
};

function problems(input: unknown): string[] {
  try {
    validateConfig(input);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('PagerDuty configuration', () => {
  it('accepts the documented keys; teams need no rotation; severities get a default mapping', () => {
    const config = validateConfig(documented);
    expect(config.backends.paging).toEqual({ adapter: 'pagerduty', service: 'PSERVICE1' });
    expect(config.backends.incidents).toMatchObject({ adapter: 'pagerduty', severities: { critical: { urgency: 'high' }, low: { urgency: 'low' } } });
    expect(config.pagerduty).toMatchObject({ token: 'env:PAGERDUTY_TOKEN', from: 'opsbot@example.com', timeoutSeconds: 10 });
    expect(config.teams[0]!.rotation).toBeUndefined();
  });

  it('is strict: misspelt keys in the new sections are errors with their path', () => {
    expect(problems({ ...documented, pagerduty: { ...documented.pagerduty, tokn: 'x' } })).toEqual(['pagerduty.tokn: unknown key (did you mean "token"?)']);
    expect(problems({ ...documented, backends: { ...documented.backends, paging: { adapter: 'pagerduty', servce: 'PSERVICE1' } } })).toEqual(expect.arrayContaining([expect.stringMatching(/^backends\.paging/)]));
    expect(problems({ ...documented, teams: [{ name: 'web', pagerduty: { escalation_policy: 'PEP1' } }] })).toEqual(expect.arrayContaining([expect.stringMatching(/^teams\[0\]\.pagerduty/)]));
  });

  it('keeps the token out of the file, and refuses adapters without the pagerduty section', () => {
    expect(problems({ ...documented, pagerduty: { ...documented.pagerduty, token: 'u+abcdefg' } })).toEqual([expect.stringMatching(/^pagerduty\.token: must be env:NAME/)]);
    const { pagerduty: _pagerduty, ...withoutSection } = documented;
    expect(problems(withoutSection)).toEqual(expect.arrayContaining([expect.stringMatching(/^backends\.oncall: the pagerduty adapter needs the top-level pagerduty section/)]));
  });

  it('needs an escalation policy per team with PagerDuty on-call, and a rotation per team without it', () => {
    const teams = [...documented.teams.slice(1), { name: 'web' }];
    expect(problems({ ...documented, teams })).toEqual([expect.stringMatching(/^teams\[3\]\.pagerduty: team "web" needs an escalationPolicy/)]);
    expect(problems({ ...demoConfig, teams: documented.teams })).toEqual(expect.arrayContaining([expect.stringMatching(/^teams\[0\]\.rotation: team "web" needs a rotation/)]));
  });
});
