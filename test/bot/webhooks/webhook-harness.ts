import { sign } from '@octokit/webhooks-methods';
import { SlackCardSender } from '../../../src/bot/slack/slack-card-sender.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { signPagerDutyBody } from '../../../src/bot/webhooks/pagerduty/signature.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../src/bot/webhooks/start-webhooks.js';
import { BOT_TOKEN, slackHarness, type HarnessOptions, type SlackHarness } from '../slack/slack-harness.js';

export const ALERTMANAGER_TOKEN = 'am-test-token-5d1f0c9e7b2a';
export const GITHUB_SECRET = 'gh-webhook-secret-3a7c1e9f';
export const PAGERDUTY_SECRET = 'pd-webhook-secret-9e4b2c7a1f';
export const ENV = { AM_TOKEN: ALERTMANAGER_TOKEN, GH_SECRET: GITHUB_SECRET, PD_SECRET: PAGERDUTY_SECRET };

/** Channels of the test routing: payments alerts, other critical ones, the rest. */
export const CHANNELS = { payments: 'C0PAY', critical: 'C0CRIT', fallback: 'C0ALERTS' };

/** A Slack harness plus the webhook receiver posting through the same fake Slack Web API. */
export interface WebhookHarness extends SlackHarness {
  receiver: WebhookReceiver;
  receiverLogs: string[];
  /** Stops the receiver and the Slack front end and starts both again on the same store (and port). */
  restartAll(): Promise<void>;
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  /** A GitHub delivery signed as GitHub signs it. */
  github(event: string, payload: unknown, options?: { deliveryId?: string; signature?: string; raw?: string }): Promise<{ status: number; text: string }>;
  alertmanager(body: unknown, token?: string): Promise<{ status: number; text: string }>;
  /** A PagerDuty v3 delivery signed as PagerDuty signs it (`X-PagerDuty-Signature`), with the current secret unless told. */
  pagerduty(raw: string, options?: { secrets?: string[]; signature?: string }): Promise<{ status: number; text: string }>;
}

/** The test config with the receiver and the routes above; `overrides` replace whole sections. */
export function webhookOverrides(overrides: Partial<ConfigInput> = {}): Partial<ConfigInput> {
  return {
    webhooks: { port: 0, alertmanager: { token: 'env:AM_TOKEN' }, github: { secret: 'env:GH_SECRET' }, pagerduty: { secret: 'env:PD_SECRET' } },
    notifications: {
      routes: [
        { match: { service: 'payments' }, channel: CHANNELS.payments },
        { match: { severity: 'critical' }, channel: CHANNELS.critical },
      ],
      defaultChannel: CHANNELS.fallback,
    },
    people: { ...demoConfig.people, U00DEV: { ...demoConfig.people!.U00DEV!, github: 'dana-dev' }, U00LEAD: { ...demoConfig.people!.U00LEAD!, github: 'lee-lead' } },
    ...overrides,
  };
}

export async function webhookHarness(options: HarnessOptions & { port?: number } = {}): Promise<WebhookHarness> {
  const base = await slackHarness({ ...options, overrides: webhookOverrides(options.overrides) });
  const receiverLogs: string[] = [];
  const log = (level: string) => (...message: unknown[]) => receiverLogs.push(`${level} ${message.map(String).join(' ')}`);
  const start = () =>
    startWebhookReceiver(base.opsbot, {
      env: { ...ENV, ...options.env },
      senders: [new SlackCardSender({ token: BOT_TOKEN, slackApiUrl: base.fake.apiUrl })],
      listen: { host: '127.0.0.1', port: options.port ?? 0 },
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      sweepIntervalMs: 3_600_000,
    });
  let receiver = await start();
  const harness = base as WebhookHarness;
  const url = () => `http://127.0.0.1:${receiver.port}`;
  Object.assign(harness, {
    receiver,
    receiverLogs,
    async restartAll() {
      await receiver.stop();
      await base.restart();
      receiver = await start();
      harness.receiver = receiver;
    },
    async post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
      const response = await fetch(`${url()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: response.status, text: await response.text() };
    },
    async github(event: string, payload: unknown, github: { deliveryId?: string; signature?: string; raw?: string } = {}) {
      const raw = github.raw ?? JSON.stringify(payload);
      const signature = github.signature ?? (await sign(GITHUB_SECRET, raw));
      return harness.post('/hooks/github', raw, { 'x-github-event': event, 'x-github-delivery': github.deliveryId ?? crypto.randomUUID(), 'x-hub-signature-256': signature, 'user-agent': 'GitHub-Hookshot/test' });
    },
    async alertmanager(body: unknown, token = ALERTMANAGER_TOKEN) {
      return harness.post('/hooks/alertmanager', JSON.stringify(body), { authorization: `Bearer ${token}` });
    },
    async pagerduty(raw: string, pagerduty: { secrets?: string[]; signature?: string } = {}) {
      const signature = pagerduty.signature ?? signPagerDutyBody(raw, pagerduty.secrets ?? [PAGERDUTY_SECRET]);
      return harness.post('/hooks/pagerduty', raw, { 'x-pagerduty-signature': signature, 'user-agent': 'PagerDuty-Webhook/V3.0' });
    },
  });
  const close = base.close.bind(base);
  harness.close = async () => {
    await receiver.stop();
    await close();
  };
  return harness;
}

/** An Alertmanager webhook body (version 4) for one group, as Alertmanager sends it. */
export function alertmanagerBody(options: { groupKey?: string; status?: 'firing' | 'resolved'; alerts?: Array<Partial<{ name: string; service: string; environment: string; severity: string; status: 'firing' | 'resolved'; fingerprint: string; startsAt: string; endsAt: string; summary: string; runbook: string }>> } = {}) {
  const alerts = (options.alerts ?? [{}]).map((alert) => ({
    status: alert.status ?? options.status ?? 'firing',
    labels: { alertname: alert.name ?? 'HighErrorRate', service: alert.service ?? 'frontend', environment: alert.environment ?? 'production', severity: alert.severity ?? 'warning' },
    annotations: { summary: alert.summary ?? 'Error rate above 5% for 5 minutes', ...(alert.runbook ? { runbook_url: alert.runbook } : {}) },
    startsAt: alert.startsAt ?? '2026-12-01T09:00:00Z',
    endsAt: alert.endsAt ?? '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.local/graph',
    fingerprint: alert.fingerprint ?? 'f00d',
  }));
  return {
    version: '4',
    groupKey: options.groupKey ?? '{}:{alertname="HighErrorRate", service="frontend"}',
    truncatedAlerts: 0,
    status: options.status ?? 'firing',
    receiver: 'opsbot',
    groupLabels: { alertname: alerts[0]!.labels.alertname, service: alerts[0]!.labels.service },
    commonLabels: alerts[0]!.labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local',
    alerts,
  };
}

/** The text of every block of a stored message, joined, for assertions on what a card says. */
export function blockText(blocks: unknown[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}

/** Button action ids of a message. */
export function buttonsOf(blocks: unknown[] | undefined): Array<{ action_id: string; value: string }> {
  return (blocks ?? []).flatMap((block) => ((block as { type: string }).type === 'actions' ? ((block as { elements: Array<{ action_id: string; value: string }> }).elements ?? []) : []));
}
