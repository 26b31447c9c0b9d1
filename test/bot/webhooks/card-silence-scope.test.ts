import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireAlert } from '../../../src/backends/alertmanager/alertmanager-client.js';
import { EVENT_ACTION_IDS } from '../../../src/bot/webhooks/alert-card.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { missingMonitoring, type RunningServer, startAlertmanager } from '../../support/monitoring-servers.js';
import { alertmanagerBody, buttonsOf, webhookHarness, type WebhookHarness } from './webhook-harness.js';

const missing = missingMonitoring();

/** The same alert name on four label sets in a real Alertmanager; cards for two of them; Silence on each card. */
describe.skipIf(missing)(`a silence from a card covers exactly that card's alerts (real Alertmanager)${missing ? ` — ${missing}` : ''}`, () => {
  let alertmanager: RunningServer;
  let h: WebhookHarness;
  const sets = {
    apiStaging: { alertname: 'HighErrorRate', service: 'api', environment: 'staging', severity: 'warning' },
    apiProduction: { alertname: 'HighErrorRate', service: 'api', environment: 'production', severity: 'warning' },
    // A service outside the catalog: dropping its matcher would silence HighErrorRate everywhere.
    billingWorker: { alertname: 'HighErrorRate', service: 'billing-worker', environment: 'production', severity: 'warning' },
    frontendProduction: { alertname: 'HighErrorRate', service: 'frontend', environment: 'production', severity: 'warning' },
  };

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.values(sets).map((labels) => ({ labels, annotations: { summary: `${labels.service} errors` }, startsAt, endsAt }))),
    });
    expect(posted.status).toBe(200);
    h = await webhookHarness({ overrides: { backends: { alerts: { adapter: 'alertmanager', url: alertmanager.url } } as ConfigInput['backends'] } });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await alertmanager?.cleanup();
  });

  /** Delivers a card for one label set as Alertmanager would, clicks Silence as an SRE, approves; returns the action. */
  async function silenceFromCard(labels: (typeof sets)[keyof typeof sets], fingerprint: string) {
    const body = alertmanagerBody({ groupKey: `{}:{alertname="HighErrorRate", service="${labels.service}"}`, alerts: [{ service: labels.service, environment: labels.environment, fingerprint }] });
    expect((await h.alertmanager(body)).status).toBe(202);
    await h.receiver.idle();
    const card = [...h.fake.messages.values()].find((entry) => JSON.stringify(entry.blocks ?? []).includes(`service *${labels.service}*`) && buttonsOf(entry.blocks).some((button) => button.action_id === EVENT_ACTION_IDS.silence))!;
    const ref = buttonsOf(card.blocks).find((button) => button.action_id === EVENT_ACTION_IDS.silence)!.value;
    await h.sender.blockAction({ userId: 'U00SRE', actionId: EVENT_ACTION_IDS.silence, value: ref, channelId: card.channel, messageTs: card.ts, responseUrl: h.fake.responseUrl('click') });
    await h.frontEnd.idle();
    const action = (await h.opsbot.gateway.listActions(50)).find((entry) => entry.tool === 'alert_silence' && entry.state === 'proposed')!;
    const approvalCard = h.fake.thread(card.channel, card.ts).find((entry) => buttonsOf(entry.blocks).some((button) => button.value === action.id));
    expect((await h.opsbot.gateway.confirm(action.id, 'U00SRE', { frontEnd: 'test' })).status).toBe('executed');
    return { action, approvalCard: JSON.stringify(approvalCard?.blocks ?? []) };
  }

  async function unsilenced(): Promise<string[]> {
    const alerts = (await fetch(`${alertmanager.url}/api/v2/alerts?silenced=false&inhibited=false&active=true`).then((response) => response.json())) as WireAlert[];
    return alerts.filter((alert) => alert.labels.alertname === 'HighErrorRate').map((alert) => `${alert.labels.service}/${alert.labels.environment}`).sort();
  }

  it('a card for api in staging silences api in staging only, and its approval card lists the matchers and what they cover now', async () => {
    const { action, approvalCard } = await silenceFromCard(sets.apiStaging, 'fa01');
    expect(action.preview).toMatchObject({ matchers: 'alertname=HighErrorRate, service=api, environment=staging', covers: '1 firing alert now' });
    expect(approvalCard).toContain('alertname=HighErrorRate, service=api, environment=staging');
    expect(approvalCard).toContain('1 firing alert now');
    expect(await unsilenced()).toEqual(['api/production', 'billing-worker/production', 'frontend/production']);
  });

  it('a card for a service outside the catalog keeps its service matcher: only that service is silenced', async () => {
    const { action } = await silenceFromCard(sets.billingWorker, 'fa02');
    expect(action.preview).toMatchObject({ matchers: 'alertname=HighErrorRate, service=billing-worker, environment=production', covers: '1 firing alert now' });
    expect(await unsilenced()).toEqual(['api/production', 'frontend/production']);
  });
});
