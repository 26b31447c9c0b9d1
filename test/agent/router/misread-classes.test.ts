import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/agent/router/parse-message.js';
import { cleanText } from '../../../src/agent/router/intent-arguments.js';
import { testConfig } from '../../support/test-opsbot.js';

const config = testConfig();
const parsed = (text: string) => parseMessage(text, config);

describe('router classes', () => {
  it('lets an explicit change verb win over a service and a symptom, but never turns a question into a change', () => {
    expect(parsed('payments prod is broken, roll it back')).toEqual([{ kind: 'call', tool: 'rollback', args: { service: 'payments', environment: 'production' } }]);
    expect(parsed("let's get payments v5.2.0 out to production")).toEqual([{ kind: 'call', tool: 'deploy', args: { service: 'payments', version: 'v5.2.0', environment: 'production' } }]);
    // Asking whether something may be done, or about what was done, stays a read.
    expect(parsed('can I deploy payments v5.2.0 to production?').every((part) => !('tool' in part) || part.tool !== 'deploy' || part.kind !== 'call')).toBe(true);
    expect(parsed('deploy history auth')).toEqual([{ kind: 'call', tool: 'deploy_history', args: { service: 'auth' } }]);
    expect(parsed('what went out today')).toEqual([{ kind: 'call', tool: 'deploy_history', args: {} }]);
  });

  it('asks a runbook for the steps of a situation, and pages without a message', () => {
    expect(parsed('what are the steps when the auth session store dies?')).toEqual([{ kind: 'call', tool: 'runbook', args: { query: 'auth session store dies' } }]);
    expect(parsed('page Sam')).toEqual([{ kind: 'call', tool: 'page', args: { target: 'person', person: 'Sam' } }]);
  });

  it('applies aliases in every domain and script', () => {
    expect(parsed('can someone look at the login service')).toEqual([{ kind: 'call', tool: 'service_status', args: { service: 'auth' } }]);
    expect(parsed('認証のオンコールは誰？')).toEqual([{ kind: 'call', tool: 'oncall', args: { about: 'team', team: 'identity' } }]);
  });

  it('cleans titles and messages of what introduced them', () => {
    expect(parsed('start an incident - api latency is high')).toMatchObject([{ tool: 'incident_declare', args: { title: 'api latency is high' } }]);
    expect(parsed('page everyone on call, auth logins failing')).toMatchObject([{ tool: 'page', args: { target: 'responders', message: 'auth logins failing' } }]);
    expect(cleanText(' — : on call, db down -', ['on call'])).toBe('db down');
    expect(cleanText('on callbacks failing', ['on call'])).toBe('on callbacks failing');
  });
});
