import { describe, expect, it } from 'vitest';
import { splitClauses } from '../../../src/agent/router/clauses.js';
import { durationIn, rangeCovering } from '../../../src/agent/router/durations.js';
import { parseMessage } from '../../../src/agent/router/parse-message.js';
import { testConfig } from '../../support/test-opsbot.js';

const config = testConfig();
const tools = (text: string) => parseMessage(text, config).map((parsed) => (parsed.kind === 'call' || parsed.kind === 'incomplete' ? `${parsed.kind}:${parsed.tool}` : parsed.kind));

describe('parseMessage', () => {
  it('answers each request of a message that joins several', () => {
    expect(parseMessage('check auth status and then show me frontend load', config)).toMatchObject([
      { kind: 'call', tool: 'service_status', args: { service: 'auth' } },
      { kind: 'call', tool: 'service_metrics', args: { service: 'frontend' } },
    ]);
    expect(parseMessage('roll back api in staging, then page Sam: please verify checkout', config)).toMatchObject([
      { kind: 'call', tool: 'rollback', args: { service: 'api', environment: 'staging' } },
      { kind: 'call', tool: 'page', args: { target: 'person', person: 'Sam', message: 'please verify checkout' } },
    ]);
    expect(tools('paymentsのステータスを教えて、それからauthの負荷も')).toEqual(['call:service_status', 'call:service_metrics']);
  });

  it('keeps detail and reasons with the request they belong to', () => {
    expect(tools('revert auth in staging, the last deploy broke login')).toEqual(['call:rollback']);
    expect(tools('show me api cpu and latency in staging')).toEqual(['call:service_metrics']);
    expect(tools('本番のauthを切り戻して。前回のデプロイでログインが壊れた')).toEqual(['call:rollback']);
  });

  it('asks the missing piece of one request and still answers the other', () => {
    expect(parseMessage('deploy frontend v2.4.0 and tell me who is on call for auth', config)).toMatchObject([
      { kind: 'incomplete', tool: 'deploy', problem: expect.stringMatching(/Which environment/) },
      { kind: 'call', tool: 'oncall', args: { about: 'team', team: 'identity' } },
    ]);
  });

  it('parses the whole message as one when a part is not a request of its own', () => {
    expect(tools('deploy frontend v2.4.0 to staging and production')).toEqual(['incomplete:deploy']);
    expect(tools('what changed in auth lately? any rollbacks?')).toEqual(['call:deploy_history']);
  });

  it('asks the same request once', () => {
    expect(tools('status of auth and status of auth')).toEqual(['call:service_status']);
  });
});

describe('splitClauses', () => {
  it('splits at punctuation and joining words, never inside quotes or version numbers', () => {
    expect(splitClauses('declare incident "auth, and login" sev2, then page ic: v2.4.0 is bad', { joins: true }).map((clause) => clause.text)).toEqual([
      'declare incident "auth, and login" sev2',
      'page ic: v2.4.0 is bad',
    ]);
    expect(splitClauses('止めて。そしてapiを見て', { joins: true }).map((clause) => [clause.text, clause.joined])).toEqual([
      ['止めて', false],
      ['apiを見て', true],
    ]);
  });
});

describe('durations', () => {
  it('reads English and Japanese durations and covers them with a metrics range', () => {
    expect(durationIn('for 90 mins please')?.minutes).toBe(90);
    expect(durationIn('for half an hour')?.minutes).toBe(30);
    expect(durationIn('1時間半ミュート')?.minutes).toBe(90);
    expect(durationIn('deploy v2.4.0 to staging')).toBeUndefined();
    expect([rangeCovering(10), rangeCovering(60), rangeCovering(120), rangeCovering(10_000)]).toEqual(['15m', '1h', '6h', '24h']);
  });
});
