import { describe, expect, it } from 'vitest';
import { parse as parseCommand } from '../../../src/agent/router/index.js';
import { testConfig } from '../../support/test-opsbot.js';

const config = testConfig();

// Plain English the command grammar does not cover, one row per phrasing class. Deliberately worded unlike the
// eval cases, so the tests and the evals check that the intent layer generalises, each on their own.
const CALLS: Array<[string, string, Record<string, unknown>]> = [
  // alerts
  ['is anything alerting on payments in staging?', 'alerts_list', { service: 'payments', environment: 'staging' }],
  ['show me the alerts for auth, including silenced ones', 'alerts_list', { service: 'auth', include_silenced: true }],
  // incidents
  ['are any incidents open right now?', 'incident_list', {}],
  ['list every incident, closed ones too', 'incident_list', { open_only: false }],
  ['is INC-2026-0001 resolved?', 'incident_list', { id: 'INC-2026-0001' }],
  ['set INC-2026-0001 to monitoring, errors back to normal', 'incident_update', { id: 'INC-2026-0001', status: 'monitoring', note: 'errors back to normal' }],
  ['escalate INC-2026-0001 to sev1', 'incident_update', { id: 'INC-2026-0001', severity: 'critical' }],
  ['assign INC-2026-0001 to U00SRE', 'incident_update', { id: 'INC-2026-0001', owner: 'U00SRE' }],
  ['close out INC-2026-0001, root cause was a bad config', 'incident_resolve', { id: 'INC-2026-0001', note: 'root cause was a bad config' }],
  ['open an incident for auth login failures sev2', 'incident_declare', { title: 'auth login failures', severity: 'high' }],
  ['raise a critical incident: payments ledger out of sync', 'incident_declare', { title: 'payments ledger out of sync', severity: 'critical' }],
  // runbooks
  ["where's the playbook for HighLatency", 'runbook', { query: 'HighLatency' }],
  ['how do I handle the auth runbook?', 'runbook', { query: 'auth' }],
  // releases
  ['cut a new release please', 'release_prepare', {}],
  ['get the next release going', 'release_prepare', {}],
  ['publish v2026.12.0 of the release', 'release_publish', { version: 'v2026.12.0' }],
  // deploys and rollbacks
  ['could you push payments v5.2.0 to stg', 'deploy', { service: 'payments', version: 'v5.2.0', environment: 'staging' }],
  ['promote frontend v2.4.0 from staging to production', 'deploy', { service: 'frontend', version: 'v2.4.0', environment: 'production' }],
  ['I want to deploy auth v3.2.0 to staging', 'deploy', { service: 'auth', version: 'v3.2.0', environment: 'staging' }],
  ['revert auth in staging, login is broken', 'rollback', { service: 'auth', environment: 'staging' }],
  ['please roll frontend back in prod', 'rollback', { service: 'frontend', environment: 'production' }],
  ['when was api last deployed?', 'deploy_history', { service: 'api' }],
  ['did frontend get deployed to staging recently?', 'deploy_history', { service: 'frontend', environment: 'staging' }],
  // paging
  ['page the web team, the CDN is serving stale pages', 'page', { target: 'team', team: 'web', message: 'the CDN is serving stale pages' }],
  ['page everyone: full outage', 'page', { target: 'responders', message: 'full outage' }],
  ['auth is down! please page the identity on-call', 'page', { target: 'team', team: 'identity', message: 'auth is down!' }],
  ['please page Priya about the ledger drift', 'page', { target: 'person', person: 'Priya', message: 'the ledger drift' }],
  ['checkout is failing, page Priya', 'page', { target: 'person', person: 'U00PAY1', message: 'checkout is failing' }],
  // silences
  ['mute HighErrorRate on frontend for 45 minutes, known flaky', 'alert_silence', { alert: 'HighErrorRate', service: 'frontend', duration_minutes: 45, comment: 'known flaky' }],
  ['snooze DiskAlmostFull on payments for an hour because the cleanup job is running', 'alert_silence', { alert: 'DiskAlmostFull', service: 'payments', duration_minutes: 60, comment: 'the cleanup job is running' }],
  // on call and contacts
  ['how can I reach Priya?', 'oncall', { about: 'person', person: 'U00PAY1' }],
  ["what's Dana's email?", 'oncall', { about: 'person', person: 'U00DEV' }],
  ["who's covering payments this week on call?", 'oncall', { about: 'team', team: 'payments' }],
  ['who is the IC right now', 'oncall', { about: 'incident_commander' }],
  ['show me the on-call rotation for auth', 'oncall', { about: 'team', team: 'identity' }],
  // watches
  ['notify me when auth goes down', 'status_watch', { action: 'stalk', service: 'auth' }],
  ['keep an eye on frontend for me', 'status_watch', { action: 'stalk', service: 'frontend' }],
  ['stop watching payments', 'status_watch', { action: 'unstalk', service: 'payments' }],
  ['what am I watching?', 'status_watch', { action: 'list' }],
  // load and health
  ["what's the cpu on payments like in staging?", 'service_metrics', { service: 'payments', environment: 'staging' }],
  ["how's latency on auth over the past day", 'service_metrics', { service: 'auth', range: '24h' }],
  ['api error rate for the last 2 hours', 'service_metrics', { service: 'api', range: '6h' }],
  ['is payments running in production?', 'service_status', { service: 'payments', environment: 'production' }],
  ['how are things in production?', 'service_status', { environment: 'production' }],
  // records
  ["show U00LEAD's actions from the audit log", 'audit_search', { actor: 'U00LEAD' }],
  ["what's going on with act_1a2b3c4d5e", 'action_status', { id: 'act_1a2b3c4d5e' }],
];

describe('the intent layer (English)', () => {
  it.each(CALLS)('"%s" calls %s', (text, tool, args) => {
    expect(parseCommand(text, config)).toMatchObject({ kind: 'call', tool, args });
  });

  it('never guesses the environment of a deploy or rollback', () => {
    expect(parseCommand('deploy frontend v2.4.0 please', config)).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: expect.stringMatching(/Which environment\?/) });
    expect(parseCommand('please revert auth, login is broken', config)).toMatchObject({ kind: 'incomplete', tool: 'rollback', problem: expect.stringMatching(/Which environment\?/) });
    expect(parseCommand('roll back payments in production and staging', config)).toMatchObject({ kind: 'incomplete', tool: 'rollback', problem: expect.stringMatching(/production or staging/) });
  });

  it('asks instead of picking when a change names a typo or two services', () => {
    expect(parseCommand('please ship frontnd v2.4.0 to staging', config)).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: expect.stringContaining('"frontnd"') });
    expect(parseCommand('ship frontend and api v2.4.0 to staging', config)).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: expect.stringMatching(/frontend or api/) });
  });

  it('asks for the id before changing an incident, and for the alert (not a reason) before silencing', () => {
    expect(parseCommand('resolve the checkout incident', config)).toMatchObject({ kind: 'incomplete', tool: 'incident_resolve', problem: expect.stringMatching(/Which incident/) });
    // No reason: proposed all the same, the router writes one naming who silenced it (classic-commands.test.ts).
    expect(parseCommand('snooze HighLatency for an hour', config)).toEqual({ kind: 'call', tool: 'alert_silence', args: { alert: 'HighLatency', duration_minutes: 60 } });
    expect(parseCommand('mute the alert for 2h', config)).toMatchObject({ kind: 'incomplete', tool: 'alert_silence', args: { duration_minutes: 120 }, problem: expect.stringMatching(/Which alert/) });
  });

  it('turns no question, refusal or mere mention into a change', () => {
    expect(parseCommand('who broke prod', config)).toEqual({ kind: 'unknown', text: 'who broke prod' });
    expect(parseCommand('who broke prod? page someone', config).kind).toBe('unknown');
    expect(parseCommand("don't deploy frontend v2.4.0 to production", config).kind).toBe('unknown');
    expect(parseCommand('INC-2026-0001 is resolved?', config)).toMatchObject({ kind: 'call', tool: 'incident_list' });
    expect(parseCommand('the page is slow on frontend', config)).toMatchObject({ kind: 'call', tool: 'service_metrics' });
    expect(parseCommand('the release notes are wrong, create a ticket', config).kind).toBe('unknown');
    expect(parseCommand('set up a meeting', config).kind).toBe('unknown');
  });
});
