import { afterEach, describe, expect, it } from 'vitest';
import { AlertThreadResponder, alertPhrase } from '../../../src/bot/webhooks/alert-thread-responder.js';
import { AlertGroups } from '../../../src/bot/webhooks/alert-groups.js';
import { reply, text } from '../../support/fake-anthropic-server.js';
import { agentFixture } from '../../agent/claude/agent-fixture.js';

let fixture: Awaited<ReturnType<typeof agentFixture>> | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

describe('a reply in an alert thread', () => {
  it('reads "silence this for 2h", "runbook", "page on-call" as acts on the alert, and leaves other text alone', () => {
    expect(alertPhrase('silence this for 2h')).toEqual({ verb: 'silence', minutes: 120 });
    expect(alertPhrase('Silence it.')).toEqual({ verb: 'silence', minutes: undefined });
    expect(alertPhrase('runbook?')).toEqual({ verb: 'runbook' });
    expect(alertPhrase('page on-call')).toEqual({ verb: 'page' });
    expect(alertPhrase('declare an incident')).toEqual({ verb: 'incident' });
    expect(alertPhrase('silence this for a while')).toBeUndefined();
    expect(alertPhrase('why is the runbook out of date')).toBeUndefined();
  });

  it('gives the model the alert as data in its context', async () => {
    fixture = await agentFixture();
    const groups = new AlertGroups(fixture.opsbot.kv);
    const group = await groups.merge(
      { groupKey: 'g1', status: 'firing', receiver: 'opsbot', externalUrl: '', groupLabels: {}, truncatedAlerts: 0, alerts: [{ fingerprint: 'f1', status: 'firing', name: 'DiskFull', service: 'api', environment: 'production', severity: 'warning', summary: 'Disk 97% full', startsAt: '2026-12-01T09:00:00Z' }] },
      '2026-12-01T09:01:00Z',
    );
    await groups.setCard(group.ref, { channel: 'C0OPS', ts: '1780000001.000001' }, undefined);
    const responder = new AlertThreadResponder(fixture.agent, { gateway: fixture.opsbot.gateway, kv: fixture.opsbot.kv, config: fixture.opsbot.config });
    fixture.server.enqueue(reply([text('The disk on api is nearly full.')]));
    const answer = await responder.respond({ text: 'what is going on here?', actor: 'U00DEV', origin: { frontEnd: 'slack', channel: 'C0OPS', threadTs: '1780000001.000001', conversationId: 'slack:C0OPS:1780000001.000001' } });
    expect(answer.text).toContain('nearly full');
    const system = fixture.server.requests[0]!.body.system!.map((block) => block.text).join('\n');
    expect(system).toMatch(/<tool_result_data source="thread-context">[\s\S]*DiskFull[\s\S]*Disk 97% full/);
  });
});
