import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/agent/router/index.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { testConfig } from '../../support/test-config.js';

// PagerDuty as its setup documents it: only then is page_respond registered.
const pagerduty = testConfig({
  backends: { oncall: { adapter: 'pagerduty' }, paging: { adapter: 'pagerduty', service: 'PSERVICE1' } },
  pagerduty: { token: 'env:PAGERDUTY_TOKEN', from: 'opsbot@example.com' },
  teams: demoConfig.teams.map((team, index) => ({ name: team.name, pagerduty: { escalationPolicy: `PEP000${index + 1}` } })),
  incidentCommander: { pagerduty: { schedule: 'PSCHED01' } },
});

describe('router: acknowledging and resolving pages', () => {
  it('reads page ack / page resolve / ack with a page id', () => {
    expect(parse('page ack PT4KHLK', pagerduty)).toEqual({ kind: 'call', tool: 'page_respond', args: { page: 'PT4KHLK', action: 'acknowledge' } });
    expect(parse('/page resolve PT4KHLK', pagerduty)).toEqual({ kind: 'call', tool: 'page_respond', args: { page: 'PT4KHLK', action: 'resolve' } });
    expect(parse('ack PT4KHLK', pagerduty)).toEqual({ kind: 'call', tool: 'page_respond', args: { page: 'PT4KHLK', action: 'acknowledge' } });
    expect(parse('page ack', pagerduty)).toMatchObject({ kind: 'incomplete', tool: 'page_respond', problem: expect.stringMatching(/Which page/) });
  });

  it('without PagerDuty says so, and does not page someone called "ack"', () => {
    expect(parse('page ack PT4KHLK', testConfig())).toMatchObject({ kind: 'chat', reply: expect.stringMatching(/PagerDuty/) });
  });
});
