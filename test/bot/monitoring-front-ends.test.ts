import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../src/agent/router/command-router.js';
import type { WireSilence } from '../../src/backends/alertmanager/alertmanager-client.js';
import type { Alert } from '../../src/backends/ports/alerts.js';
import type { ServiceStatus } from '../../src/backends/ports/metrics.js';
import { runShell } from '../../src/bot/shell/run-shell.js';
import { FLEET, FLEET_READING, fleetOpenMetrics, liveFleetSpan } from '../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startAlertmanager, startPrometheus } from '../support/monitoring-servers.js';
import { call, connectInMemory } from './mcp/mcp-test-client.js';
import { CHANNEL, mention, message, slackHarness, type SlackHarness } from './slack/slack-harness.js';

const missing = missingMonitoring();

// Issue 10: one real Prometheus and one real Alertmanager behind every front end (Slack, MCP, the shell), at the real
// clock (Alertmanager refuses silences that end in the past), over the fleet the CLI scenario reads too.
describe.skipIf(missing)(`the front ends against a real Prometheus and Alertmanager${missing ? ` — ${missing}` : ''}`, () => {
  let prometheus: RunningServer;
  let alertmanager: RunningServer;
  let h: SlackHarness;

  beforeAll(async () => {
    [prometheus, alertmanager] = await Promise.all([startPrometheus(fleetOpenMetrics(FLEET, liveFleetSpan())), startAlertmanager()]);
    // startsAt given: with only endsAt, Alertmanager would take endsAt as the start too.
    const startsAt = new Date(Date.now() - 600_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'HighErrorRate', service: 'api', environment: 'production', severity: 'critical' }, annotations: { summary: 'api 5xx above 5%' }, startsAt, endsAt }]),
    });
    expect(posted.status).toBe(200);
    h = await slackHarness({ overrides: { backends: { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING }, alerts: { adapter: 'alertmanager', url: alertmanager.url } } } });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await Promise.all([prometheus?.cleanup(), alertmanager?.cleanup()]);
  });

  /** The final text of the channel message a slash command's answer was written into. */
  async function slash(command: string, text: string, userId = 'U00VIEWER'): Promise<string> {
    const before = new Set(h.fake.messages.keys());
    const response = await h.sender.command({ command, text, userId, channelId: CHANNEL, responseUrl: h.fake.responseUrl(command.slice(1)) });
    expect(response.status).toBe(200);
    await h.frontEnd.idle();
    const fresh = [...h.fake.messages.entries()].filter(([key, entry]) => !before.has(key) && !entry.threadTs);
    expect(fresh).toHaveLength(1);
    return fresh[0]![1].text;
  }

  describe('Slack', () => {
    it('a signed /status api answers with the error rate and p95 Prometheus holds', async () => {
      const text = await slash('/status', 'api');
      expect(text).toContain('api (production) DOWN');
      expect(text).toContain('gateway: DEGRADED — error rate above 5%: 1/1 up, errors 10.00%, p95 375 ms');
      expect(text).toMatch(/database: DOWN/);
    });

    it('a mention "how\'s frontend load?" answers in its thread with the request rate and CPU', async () => {
      const ts = '1780000500.000100';
      await h.sender.event(mention('U00VIEWER', "how's frontend load?", ts));
      await h.frontEnd.idle();
      const answer = h.fake.thread(CHANNEL, ts).map((entry) => entry.text).join('\n');
      expect(answer).toMatch(/requests\s+301 req\/s/);
      expect(answer).toMatch(/cpu\s+30\.0 %/);
    });

    // opsbot answers mentions, direct messages and its own threads, not every channel message: `!status` is typed to it.
    it('a direct message "!status" answers with the fleet verdict Prometheus implies', async () => {
      const ts = '1780000600.000100';
      await h.sender.event(message('U00VIEWER', '!status', ts, { channel: 'D0VIEWER', channel_type: 'im' }));
      await h.frontEnd.idle();
      const answer = h.fake.thread('D0VIEWER', ts).map((entry) => entry.text).join('\n');
      expect(answer).toContain('Not NORMAL in production: api DOWN, auth DEGRADED; could not be determined: payments (no data: nothing matches {service="payments",component="checkout",environment="production"} (`up{service="payments",component="checkout",environment="production"}` and `sum(rate(http_requests_total{service="payments",component="checkout",environment="production"}[5m]))` returned no series)); 1 of 4 services NORMAL.');
      expect(answer).toContain('sessions: DEGRADED — p95 above 1000 ms: 1/1 up, errors 0.00%, p95 2313 ms');
    });

    it('a signed /alerts lists the alert posted to Alertmanager', async () => {
      const text = await slash('/alerts', '');
      expect(text).toContain('[critical] HighErrorRate api (production) firing');
    });
  });

  describe('MCP', () => {
    it('service_status for api carries the real figures in its structured content', async () => {
      const session = await connectInMemory(h.opsbot.gateway, 'U00VIEWER');
      try {
        const result = await call(session.client, 'service_status', { service: 'api' });
        expect(result.isError).toBeFalsy();
        const [status] = (result.envelope.data as { services: ServiceStatus[] }).services;
        expect(status).toMatchObject({ service: 'api', environment: 'production', overall: 'DOWN' });
        expect(status!.components).toContainEqual({ name: 'gateway', status: 'DEGRADED', detail: 'error rate above 5%: 1/1 up, errors 10.00%, p95 375 ms' });
      } finally {
        await session.close();
      }
    });

    it('alerts_list carries the alert Alertmanager holds', async () => {
      const session = await connectInMemory(h.opsbot.gateway, 'U00VIEWER');
      try {
        const result = await call(session.client, 'alerts_list', {});
        const alerts = (result.envelope.data as { alerts: Alert[] }).alerts;
        expect(alerts).toEqual([expect.objectContaining({ name: 'HighErrorRate', service: 'api', environment: 'production', severity: 'critical', state: 'firing', summary: 'api 5xx above 5%' })]);
      } finally {
        await session.close();
      }
    });
  });

  describe('the shell', () => {
    it('U00SRE proposes "silence HighErrorRate for api 30m", confirms with y, and Alertmanager holds the silence', async () => {
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      const done = runShell({ opsbot: h.opsbot, responder: new CommandRouter(h.opsbot.gateway, h.opsbot.config), actor: 'U00SRE', input, output, banner: ['opsbot shell (test)'] });
      input.end('silence HighErrorRate for api 30m\ny\n');
      await done;
      expect(printed).toContain('Needs confirmation: silence HighErrorRate for api for 30 min');
      expect(printed).toContain('matchers: alertname=HighErrorRate, service=api');
      const id = /id (act_[0-9a-f]+)/.exec(printed)![1]!;
      // An end past midnight UTC is shown with its date ("Dec 8, 00:20 UTC").
      const until = new RegExp(`${id} succeeded: Silenced HighErrorRate for api until (?:[A-Z][a-z]{2} \\d{1,2}, )?(\\d{2}:\\d{2}) UTC \\(in 30 min\\) \\(([0-9a-f-]+)\\)\\.`).exec(printed);
      expect(until).not.toBeNull();

      const silences = (await fetch(`${alertmanager.url}/api/v2/silences`).then((response) => response.json())) as WireSilence[];
      const active = silences.filter((silence) => silence.status.state === 'active');
      expect(active).toHaveLength(1);
      const [silence] = active;
      expect(silence!.matchers).toEqual([
        { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
        { name: 'service', value: 'api', isRegex: false, isEqual: true },
      ]);
      expect(silence!.createdBy).toBe('Sam Reliability (U00SRE)');
      expect(silence!.comment).toContain(`(opsbot action ${id})`);
      expect(silence!.id).toBe(until![2]);
      // The shell says the end as a person reads it (UTC clock time, how far ahead); Alertmanager holds the instant.
      expect(new Date(silence!.endsAt).toISOString().slice(11, 16)).toBe(until![1]);
      // Thirty minutes from when opsbot asked, give or take the moment Alertmanager stamped its start.
      expect(Math.round((Date.parse(silence!.endsAt) - Date.parse(silence!.startsAt)) / 60_000)).toBe(30);
    });
  });
});
