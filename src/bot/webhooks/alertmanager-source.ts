import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { sha256 } from '../../util/canonical-json.js';
import { registerSecret } from '../../util/redact.js';
import type { AlertCards } from './alert-cards.js';
import type { GroupNotification } from './alert-groups.js';
import { headerOf, jsonBody, MalformedDelivery, type WebhookSource } from './webhook-source.js';

/**
 * Alertmanager's webhook body, version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). Unknown fields are allowed:
 * Alertmanager adds them over time.
 */
const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string().min(1),
  endsAt: z.string().default(''),
  generatorURL: z.string().default(''),
  fingerprint: z.string().min(1),
});
const notificationSchema = z.object({
  version: z.string(),
  groupKey: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().default(''),
  groupLabels: z.record(z.string(), z.string()).default({}),
  commonLabels: z.record(z.string(), z.string()).default({}),
  externalURL: z.string().default(''),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  alerts: z.array(alertSchema).min(1),
});

/**
 * `POST /hooks/alertmanager`: a bearer token (Alertmanager's `http_config.authorization`), one delivery per
 * notification, deduped on group key + status + the set of (fingerprint, startsAt) — which is what an HA peer's
 * duplicate or a retry repeats exactly. The card for the group is posted or updated in place.
 */
export function alertmanagerSource(token: string, cards: AlertCards): WebhookSource<GroupNotification> {
  registerSecret(token);
  const expected = Buffer.from(`Bearer ${token}`);
  return {
    name: 'alertmanager',
    path: '/hooks/alertmanager',
    authenticate(request) {
      const given = Buffer.from(headerOf(request.headers, 'authorization') ?? '');
      // Equal lengths first: timingSafeEqual needs them, and the length of a token is no secret worth hiding.
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    parse(request) {
      const parsed = notificationSchema.safeParse(jsonBody(request));
      if (!parsed.success) throw new MalformedDelivery(`not an Alertmanager notification: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')}`);
      if (parsed.data.version !== '4') throw new MalformedDelivery(`unsupported Alertmanager webhook version ${parsed.data.version} (expected 4)`);
      const notification = toGroupNotification(parsed.data);
      return { deliveries: [{ key: dedupeKey(notification), delivery: notification }] };
    },
    handle: (notification) => cards.apply(notification),
  };
}

/** Group key + status + the set (order-free) of (fingerprint, startsAt): the issue's exactly-once contract. */
export function dedupeKey(notification: Pick<GroupNotification, 'groupKey' | 'status' | 'alerts'>): string {
  const members = notification.alerts.map((alert) => `${alert.fingerprint}@${alert.startsAt}`).sort();
  return sha256([notification.groupKey, notification.status, ...[...new Set(members)]].join('\n'));
}

function toGroupNotification(body: z.output<typeof notificationSchema>): GroupNotification {
  return {
    groupKey: body.groupKey,
    status: body.status,
    receiver: body.receiver,
    externalUrl: body.externalURL,
    groupLabels: body.groupLabels,
    truncatedAlerts: body.truncatedAlerts,
    alerts: body.alerts.map((alert) => ({
      fingerprint: alert.fingerprint,
      status: alert.status,
      name: alert.labels.alertname ?? 'unnamed alert',
      service: alert.labels.service ?? body.commonLabels.service,
      team: alert.labels.team,
      environment: alert.labels.environment ?? alert.labels.env,
      severity: alert.labels.severity,
      summary: alert.annotations.summary ?? alert.annotations.description ?? '',
      runbookUrl: alert.annotations.runbook_url ?? alert.annotations.runbook,
      startsAt: alert.startsAt,
      // Alertmanager sends the zero time for alerts still firing.
      endsAt: alert.status === 'resolved' && !alert.endsAt.startsWith('0001-') ? alert.endsAt : undefined,
      generatorUrl: alert.generatorURL || undefined,
      labels: identifyingLabels(alert.labels, body.groupLabels),
    })),
  };
}

// Labels that name what an alert is about rather than how it was measured (instance, pod and the like change).
const IDENTIFYING = ['alertname', 'service', 'job', 'environment', 'env', 'namespace'];

/** The alert's identifying labels plus every label its group is keyed on, as the alert carries them. */
function identifyingLabels(labels: Record<string, string>, groupLabels: Record<string, string>): Record<string, string> {
  const names = new Set([...IDENTIFYING, ...Object.keys(groupLabels)]);
  return Object.fromEntries([...names].flatMap((name) => (labels[name] !== undefined ? [[name, labels[name]]] : groupLabels[name] !== undefined ? [[name, groupLabels[name]]] : [])));
}
