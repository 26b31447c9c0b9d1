import { describe, expect, it } from 'vitest';
import { parse as parseCommand, usage as usageIn } from '../../../src/agent/router/index.js';
import { testConfig } from '../../support/test-opsbot.js';

const config = testConfig();
const usage = (command: string) => usageIn(command, config);

// Each phrase the issue names, with the tool it must reach and the arguments that must be set.
const CALLS: Array<[string, string, Record<string, unknown>]> = [
  ['deploy frontend v2.4.0 to staging', 'deploy', { service: 'frontend', version: 'v2.4.0', environment: 'staging' }],
  ['deploy frontend v2.4.0 to production', 'deploy', { service: 'frontend', version: 'v2.4.0', environment: 'production' }],
  ['/deploy frontend v2.4.0 staging', 'deploy', { service: 'frontend', version: 'v2.4.0', environment: 'staging' }],
  ['ship v2.4.0 of frontend to prod', 'deploy', { service: 'frontend', version: 'v2.4.0', environment: 'production' }],
  ['rollback auth in production', 'rollback', { service: 'auth', environment: 'production' }],
  ['roll back auth to v3.1.0 in stg', 'rollback', { service: 'auth', environment: 'staging', version: 'v3.1.0' }],
  ['status', 'service_status', {}],
  ['status payments', 'service_status', { service: 'payments' }],
  ['status payments stg', 'service_status', { service: 'payments', environment: 'staging' }],
  ['is auth up?', 'service_status', { service: 'auth' }],
  ["what's deployed in production?", 'service_status', { environment: 'production' }],
  ["how's frontend load?", 'service_metrics', { service: 'frontend' }],
  ['frontend load', 'service_metrics', { service: 'frontend' }],
  ['status api load staging 6h', 'service_metrics', { service: 'api', environment: 'staging', range: '6h' }],
  ["who's on call for payments", 'oncall', { about: 'team', team: 'payments' }],
  ['who is on call for payments?', 'oncall', { about: 'team', team: 'payments' }],
  ['who is on call for frontend', 'oncall', { about: 'team', team: 'web' }],
  ['oncall', 'oncall', { about: 'responders' }],
  ['!ic', 'oncall', { about: 'incident_commander' }],
  ['!ic responders', 'oncall', { about: 'responders' }],
  ['!ic who Sam', 'oncall', { about: 'person', person: 'Sam' }],
  ['!ic page checkout is down for everyone', 'page', { target: 'incident_commander', message: 'checkout is down for everyone' }],
  ['page U00SRE database is down', 'page', { target: 'person', person: 'U00SRE', message: 'database is down' }],
  ['page <@U00SRE> database is down', 'page', { target: 'person', person: 'U00SRE', message: 'database is down' }],
  ['page team payments checkout failing', 'page', { target: 'team', team: 'payments', message: 'checkout failing' }],
  ['declare incident "auth 5xx" severity:high', 'incident_declare', { title: 'auth 5xx', severity: 'high' }],
  ['incident declare checkout down sev1 owner:U00SRE', 'incident_declare', { title: 'checkout down', severity: 'critical', owner: 'U00SRE' }],
  ['incident update INC-2026-0001 status:identified bad cache entry', 'incident_update', { id: 'INC-2026-0001', status: 'identified', note: 'bad cache entry' }],
  ['incident update INC-2026-0001 note:"cache flushed, errors falling"', 'incident_update', { id: 'INC-2026-0001', note: 'cache flushed, errors falling' }],
  ['declare incident “checkout 502s” sev2', 'incident_declare', { title: 'checkout 502s', severity: 'high' }],
  ['resolve incident INC-2026-0001', 'incident_resolve', { id: 'INC-2026-0001' }],
  ['incident resolve inc-2026-0001 fixed by rollback', 'incident_resolve', { id: 'INC-2026-0001', note: 'fixed by rollback' }],
  ['incidents', 'incident_list', {}],
  ['incidents all', 'incident_list', { open_only: false }],
  ['incident INC-2026-0001', 'incident_list', { id: 'INC-2026-0001' }],
  ['alerts', 'alerts_list', {}],
  ['alerts frontend', 'alerts_list', { service: 'frontend' }],
  ["what's firing?", 'alerts_list', {}],
  ['silence HighErrorRate frontend 30m flapping', 'alert_silence', { alert: 'HighErrorRate', service: 'frontend', duration_minutes: 30, comment: 'flapping' }],
  ['alerts silence HighLatency for 2h deploy in progress', 'alert_silence', { alert: 'HighLatency', duration_minutes: 120, comment: 'deploy in progress' }],
  ['runbook HighErrorRate', 'runbook', { query: 'HighErrorRate' }],
  ['release prepare', 'release_prepare', {}],
  ['release publish v2026.11.1', 'release_publish', { version: 'v2026.11.1' }],
  ['deploys frontend', 'deploy_history', { service: 'frontend' }],
  ['deploy history frontend staging', 'deploy_history', { service: 'frontend', environment: 'staging' }],
  ['status stalk frontend', 'status_watch', { action: 'stalk', service: 'frontend' }],
  ['status unstalk frontend', 'status_watch', { action: 'unstalk', service: 'frontend' }],
  ['status watches', 'status_watch', { action: 'list' }],
  ['audit', 'audit_search', {}],
  ['audit U00DEV', 'audit_search', { actor: 'U00DEV' }],
  ['audit deploy', 'audit_search', { tool: 'deploy' }],
  ['action act_1a2b3c4d5e', 'action_status', { id: 'act_1a2b3c4d5e' }],
  ['@opsbot please status of payments in staging', 'service_status', { service: 'payments', environment: 'staging' }],
];

describe('parseCommand', () => {
  it.each(CALLS)('"%s" calls %s', (text, tool, args) => {
    const parsed = parseCommand(text, config);
    expect(parsed).toMatchObject({ kind: 'call', tool, args });
  });

  it('passes exactly the arguments it found, so schema defaults apply', () => {
    expect(parseCommand('status', config)).toEqual({ kind: 'call', tool: 'service_status', args: {} });
    expect(parseCommand('deploy frontend v2.4.0 to staging', config)).toEqual({ kind: 'call', tool: 'deploy', args: { service: 'frontend', version: 'v2.4.0', environment: 'staging' } });
  });

  it('asks for the environment of a deploy or rollback instead of guessing production', () => {
    expect(parseCommand('roll back auth', config)).toMatchObject({ kind: 'incomplete', tool: 'rollback', args: { service: 'auth' }, problem: expect.stringMatching(/Which environment/) });
    const deploy = parseCommand('deploy frontend v2.4.0', config);
    expect(deploy).toEqual({ kind: 'incomplete', tool: 'deploy', args: { service: 'frontend', version: 'v2.4.0' }, problem: expect.stringMatching(/Which environment/) });
  });

  it('names an unknown service instead of guessing one', () => {
    expect(parseCommand('deploy frontnd v2.4.0 to prod', config)).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: expect.stringContaining('"frontnd"') });
  });

  it('reports what is missing from incomplete commands', () => {
    // A page needs no message (the router writes one naming who asked and where), as `!ic page U00SRE` never did.
    expect(parseCommand('page U00SRE', config)).toEqual({ kind: 'call', tool: 'page', args: { target: 'person', person: 'U00SRE' } });
    expect(parseCommand('silence 30m', config)).toMatchObject({ kind: 'incomplete', tool: 'alert_silence', problem: expect.stringMatching(/Which alert/) });
    expect(parseCommand('incident update status:identified', config)).toMatchObject({ kind: 'incomplete', tool: 'incident_update', problem: expect.stringMatching(/Which incident/) });
    expect(parseCommand('declare incident "x" severity:huge', config)).toMatchObject({ kind: 'incomplete', problem: expect.stringMatching(/Severity "huge"/) });
  });

  it('recognises help and leaves the rest unknown', () => {
    expect(parseCommand('help', config)).toEqual({ kind: 'help' });
    expect(parseCommand('help deploy', config)).toEqual({ kind: 'help', topic: 'deploy' });
    expect(parseCommand('make me a sandwich', config)).toEqual({ kind: 'unknown', text: 'make me a sandwich' });
  });
});

describe('usage', () => {
  it('gives one line per slash command, with the slash when asked with one', () => {
    expect(usage('/deploy')).toBe('Usage: /deploy SERVICE VERSION [to] ENVIRONMENT | /deploy list [SERVICE] [ENVIRONMENT] | /deploy lock SERVICE [in] ENVIRONMENT REASON | /deploy unlock SERVICE [in] ENVIRONMENT');
    expect(usage('rollback')).toBe('Usage: rollback SERVICE in ENVIRONMENT [to VERSION]');
    for (const command of ['/rollback', '/status', '/oncall', '/page', '/incident', '/alerts', '/runbook', '/release']) {
      expect(usage(command)).toMatch(new RegExp(`^Usage: ${command} `));
    }
  });

  it('usage lines parse as the commands they describe', () => {
    expect(parseCommand('/deploy history frontend', config)).toMatchObject({ kind: 'call', tool: 'deploy_history' });
    expect(parseCommand('/oncall ic', config)).toMatchObject({ kind: 'call', args: { about: 'incident_commander' } });
    expect(parseCommand('/incident list', config)).toMatchObject({ kind: 'call', tool: 'incident_list' });
    expect(parseCommand('/page ic the site is down', config)).toMatchObject({ kind: 'call', args: { target: 'incident_commander' } });
  });
});
