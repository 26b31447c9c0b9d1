import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLEET, FLEET_READING, fleetOpenMetrics, liveFleetSpan } from '../support/fleet-openmetrics.js';
import { missingMonitoring, type RunningServer, startAlertmanager, startPrometheus } from '../support/monitoring-servers.js';
import type { HarnessOptions, SlackHarness } from '../bot/slack/slack-harness.js';
import { slackHarness } from '../bot/slack/slack-harness.js';
import { kubernetesOverrides } from '../support/kubernetes/kubernetes-config.js';
import { shopCluster } from '../support/kubernetes/shop-cluster.js';
import { testConfig } from '../support/test-config.js';

/** Declares an incident from outside Slack (the CLI) and lets the Slack front end follow it up, as any replica would. */
async function declare(h: SlackHarness, title: string, service?: string) {
  const proposed = await h.opsbot.gateway.call({ tool: 'incident_declare', args: { title, severity: 'high', ...(service ? { service } : {}) }, actor: 'U00SRE', origin: { frontEnd: 'cli' } });
  if (proposed.status !== 'pending') throw new Error(proposed.text);
  await h.opsbot.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' });
  await h.frontEnd.idle();
  await h.frontEnd.sweep();
  await h.frontEnd.idle();
  const incident = (await h.opsbot.backends.incidents.list({ openOnly: true })).find((candidate) => candidate.title === title)!;
  const room = (await h.frontEnd.incidents.channelOf(incident.id))!.channel;
  const briefing = [...h.fake.messages.values()].find((entry) => entry.channel === room && entry.text.startsWith(':clipboard: *Briefing'))!;
  return { incident, room, briefing };
}

/** One message per briefing part title → its text (or the warning of a failed part). */
function partsOf(text: string): Record<string, string> {
  const parts: Record<string, string> = {};
  let current = '';
  for (const line of text.split('\n').slice(1)) {
    const head = /^\*([^*]+):\*\s?(.*)$/.exec(line);
    if (head) parts[(current = head[1]!)] = head[2]!;
    else if (current && line.startsWith('> ')) parts[current] += `\n${line.slice(2)}`;
  }
  return parts;
}

describe('the war room briefs itself (demo backends)', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => h?.close());

  async function harness(options: HarnessOptions = {}) {
    return (h = await slackHarness(options));
  }

  it('posts one pinned briefing in the channel of a payments incident: status, deploys 24 h, alerts with runbooks, on call; then the chart', async () => {
    const bot = await harness();
    const { room, briefing, incident } = await declare(bot, 'checkout errors', 'payments');
    const parts = partsOf(briefing.text);
    expect(Object.keys(parts)).toEqual(['Status', 'Deploys, last 24 h', 'Firing alerts', 'On call', 'Paged', 'Pods not ready']);
    // Paging the commander is a mutation: until someone confirms it, the briefing says so, and whom it would reach.
    expect(parts.Paged!.trim()).toMatch(/^Paging the incident commander \(.+\) awaits confirmation \(action act_/);
    expect(parts['Pods not ready']!.trim()).toMatch(/^(All \d+ pods ready in production\.|\d+ of \d+ pods not ready in production:)/);
    expect(parts.Status).toMatch(/payments/);
    expect(parts['Deploys, last 24 h']).toMatch(/No deploys in the last 24 h\.|deploy payments/);
    expect(parts['On call']).toMatch(/payments/i);
    expect(briefing.text).not.toContain('gathering');
    expect(briefing.text).toContain(`Briefing for ${incident.id}: checkout errors* — service payments`);
    // One message, redrawn in place: posted once, then updated.
    expect(bot.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === room && String(call.args.text).startsWith(':clipboard:'))).toHaveLength(1);
    expect(bot.fake.callsOf('chat.update').filter((call) => call.args.channel === room && call.args.ts === briefing.ts).length).toBeGreaterThanOrEqual(1);
    expect(bot.fake.callsOf('pins.add')).toEqual([expect.objectContaining({ args: expect.objectContaining({ channel: room, timestamp: briefing.ts }) })]);
    const chartPost = [...bot.fake.messages.values()].find((entry) => entry.channel === room && entry.text.startsWith(':chart_with_upwards_trend:'))!;
    expect(bot.fake.threadFiles(room, chartPost.ts)).toHaveLength(1);
    // Every part was a read through the gateway, as the declarer: audited like any ask.
    const reads = await bot.opsbot.audit.search({ actor: 'U00SRE', event: 'result', limit: 50 });
    // A firing alert without a runbook link is looked up by name (`runbook`), so that read comes and goes with the demo's alerts.
    const tools = new Set(reads.map((record) => record.tool));
    tools.delete('runbook');
    expect(tools).toEqual(new Set(['service_status', 'deploy_history', 'alerts_list', 'oncall', 'service_metrics', 'pods']));
  });

  it('redraws who was paged once the page is confirmed, and lists deploys of the dependencies the catalog names', async () => {
    const services = testConfig().services.map((service) => (service.name === 'payments' ? { ...service, dependsOn: ['auth'] } : service));
    const bot = await harness({ overrides: { services } });
    const deploy = await bot.opsbot.gateway.call({ tool: 'deploy', args: { service: 'auth', environment: 'staging', version: 'v3.1.0' }, actor: 'U00DEV', origin: { frontEnd: 'cli' } });
    if (deploy.status !== 'pending') throw new Error(deploy.text);
    await bot.opsbot.gateway.confirm(deploy.action.id, 'U00DEV', { frontEnd: 'cli' });
    const { room, briefing } = await declare(bot, 'checkout errors', 'payments');
    expect(partsOf(briefing.text)['Deploys, last 24 h']).toMatch(/ deploy auth \(dependency\) v3\.1\.0 to staging by U00DEV: succeeded/);
    const page = (await bot.opsbot.gateway.listActions(20, { states: ['proposed'] })).find((action) => action.tool === 'page')!;
    await bot.opsbot.gateway.confirm(page.id, 'U00SRE', { frontEnd: 'cli' });
    await bot.frontEnd.idle();
    const redrawn = [...bot.fake.messages.values()].find((entry) => entry.channel === room && entry.ts === briefing.ts)!;
    const commander = await bot.opsbot.backends.oncall.incidentCommander();
    expect(partsOf(redrawn.text).Paged!.trim()).toMatch(new RegExp(`^${commander.person.name}(, [^,]+)* paged at \\d\\d:\\d\\d UTC \\(page page-\\d+, no acknowledgement state \\(demo pager\\)\\)\\.$`));
  });

  it('lists the pods that are not ready from Kubernetes; with Kubernetes unreachable only that part fails', async () => {
    const cluster = await shopCluster();
    try {
      const demo = { adapter: 'demo' } as const;
      const kubernetes = kubernetesOverrides(cluster.kubeconfigPath, { deploys: false });
      const bot = await harness({ overrides: { ...kubernetes, backends: { ...kubernetes.backends, metrics: demo, alerts: demo, runbooks: demo, oncall: demo, paging: demo, incidents: demo, deploys: demo } } });
      const first = partsOf((await declare(bot, 'checkout crashing', 'checkout')).briefing.text);
      expect(first['Pods not ready']!.trim()).toMatch(/^1 of 3 pods not ready in production:\ncheckout-\S+ 0\/1 CrashLoopBackOff, 7 restarts/);
      await cluster.peer.stop();
      const second = partsOf((await declare(bot, 'checkout crashing again', 'checkout')).briefing.text);
      expect(second['Pods not ready']).toMatch(/^:warning: /);
      expect(second.Status).not.toMatch(/:warning:/);
      expect(second['On call']).not.toMatch(/:warning:/);
    } finally {
      await cluster.close();
    }
  }, 60_000);

  it('shows a failing backend as one failed part while the others arrive', async () => {
    const bot = await harness({ overrides: { demo: { brokenVersions: [], deploySeconds: 0.4, outages: ['oncall'] } } });
    const { briefing } = await declare(bot, 'checkout errors', 'payments');
    const parts = partsOf(briefing.text);
    expect(parts['On call']).toMatch(/^:warning: /);
    expect(parts.Status).not.toMatch(/:warning:/);
    expect(parts['Firing alerts']).not.toMatch(/:warning:/);
    expect(parts['Deploys, last 24 h']).not.toMatch(/:warning:/);
  });

  it('gives a service-less incident the fleet overview', async () => {
    const bot = await harness();
    const { briefing } = await declare(bot, 'everything is slow');
    const parts = partsOf(briefing.text);
    expect(briefing.text).toContain('the whole fleet (no service named)');
    for (const service of ['frontend', 'api', 'auth', 'payments']) expect(parts['Fleet status']).toContain(service);
  });
});

const missing = missingMonitoring();

describe.skipIf(missing)(`the briefing against a real Prometheus and Alertmanager${missing ? ` — ${missing}` : ''}`, () => {
  let prometheus: RunningServer;
  let alertmanager: RunningServer;
  let h: SlackHarness;

  beforeAll(async () => {
    [prometheus, alertmanager] = await Promise.all([startPrometheus(fleetOpenMetrics(FLEET, liveFleetSpan())), startAlertmanager()]);
    const startsAt = new Date(Date.now() - 600_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const alert = { labels: { alertname: 'HighErrorRate', service: 'api', environment: 'production', severity: 'critical' }, annotations: { summary: 'api 5xx above 5%', runbook_url: 'https://runbooks.example.com/api-5xx' }, startsAt, endsAt };
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
    expect(posted.status).toBe(200);
    h = await slackHarness({ overrides: { backends: { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING }, alerts: { adapter: 'alertmanager', url: alertmanager.url }, deploys: { adapter: 'demo' }, oncall: { adapter: 'demo' }, paging: { adapter: 'demo' }, incidents: { adapter: 'demo' }, runbooks: { adapter: 'demo' } } } });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await Promise.all([prometheus?.cleanup(), alertmanager?.cleanup()]);
  });

  it('briefs an api incident from Prometheus and Alertmanager; with Alertmanager down, only the alerts part fails', async () => {
    const first = partsOf((await declare(h, 'api 5xx', 'api')).briefing.text);
    expect(first.Status).toContain('gateway: DEGRADED — error rate above 5%');
    expect(first['Firing alerts']).toContain('[critical] HighErrorRate api (production)');
    expect(first['Firing alerts']).toContain('runbook: https://runbooks.example.com/api-5xx');

    await alertmanager.stop();
    const second = partsOf((await declare(h, 'api 5xx again', 'api')).briefing.text);
    expect(second['Firing alerts']).toMatch(/^:warning: .*(Alertmanager|alerts).*/i);
    expect(second.Status).toContain('gateway: DEGRADED');
    expect(second['On call']).not.toMatch(/:warning:/);
  }, 60_000);
});
