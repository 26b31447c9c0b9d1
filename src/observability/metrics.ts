import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * opsbot's own metrics, one registry for the process, served at `/metrics` by every long-lived mode.
 *
 * How to record (importable from any layer; it depends on nothing in opsbot):
 *
 *   import { metrics } from '../observability/metrics.js';
 *   metrics.webhookDeliveries.inc({ source: 'github', result: 'accepted' });
 *   const done = metrics.backendCallSeconds.startTimer({ adapter: 'prometheus', operation: 'query' });
 *   … done();
 *   metrics.outboxQueueDepth.set(pending);          // or setGauge(metrics.outboxQueueDepth, () => count())
 *
 * Names follow Prometheus conventions (`opsbot_…_total` counters, base units in the name, `_seconds`); labels take
 * a small fixed set of values (a tool name, an adapter, an outcome), never ids or free text. A new metric is one
 * more entry in `metrics` below, so `/metrics` lists everything opsbot can report.
 */
export const registry = new Registry();

const seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const metrics = {
  inboundEvents: new Counter({ name: 'opsbot_inbound_events_total', help: 'Requests received from chat platforms and senders, by source and outcome (accepted, duplicate).', labelNames: ['source', 'outcome'], registers: [registry] }),
  slackAckSeconds: new Histogram({ name: 'opsbot_slack_ack_duration_seconds', help: 'Time from a Slack HTTP request arriving to its response (the ack).', buckets: seconds, registers: [registry] }),
  slackTurnsQueued: new Gauge({ name: 'opsbot_slack_turns_queued', help: 'Slack messages acked and waiting for a turn to start.', registers: [registry] }),
  gatewayDecisions: new Counter({ name: 'opsbot_gateway_decisions_total', help: 'Gateway decisions by tool and decision (allow, deny, confirm, …).', labelNames: ['tool', 'decision'], registers: [registry] }),
  pendingActions: new Gauge({ name: 'opsbot_pending_actions', help: 'Actions in the store by state, read at scrape time.', labelNames: ['state'], registers: [registry] }),
  actionOutcomes: new Counter({ name: 'opsbot_action_outcomes_total', help: 'Actions that finished, by tool and outcome (succeeded, failed, outcome_unknown).', labelNames: ['tool', 'outcome'], registers: [registry] }),
  backendCallSeconds: new Histogram({ name: 'opsbot_backend_call_duration_seconds', help: 'Calls to backend systems, by adapter and operation.', labelNames: ['adapter', 'operation'], buckets: seconds, registers: [registry] }),
  backendCallErrors: new Counter({ name: 'opsbot_backend_call_errors_total', help: 'Backend calls that failed (unreachable, timed out, an error status), by adapter and operation.', labelNames: ['adapter', 'operation'], registers: [registry] }),
  webhookDeliveries: new Counter({ name: 'opsbot_webhook_deliveries_total', help: 'Webhook deliveries by source and result (accepted, duplicate, refused, malformed, handled, failed, …).', labelNames: ['source', 'result'], registers: [registry] }),
  chatPosts: new Counter({ name: 'opsbot_chat_posts_total', help: 'Messages posted or updated on chat platforms, by platform and result (ok, error).', labelNames: ['platform', 'result'], registers: [registry] }),
  outboxQueueDepth: new Gauge({ name: 'opsbot_outbox_queue_depth', help: 'Outbound posts waiting to be sent.', registers: [registry] }),
  modelTokens: new Counter({ name: 'opsbot_model_tokens_total', help: 'Language model tokens by provider and kind (input, output, cache_read, cache_write).', labelNames: ['provider', 'kind'], registers: [registry] }),
  modelRequestSeconds: new Histogram({ name: 'opsbot_model_request_duration_seconds', help: 'Language model requests (one round trip), by provider.', labelNames: ['provider'], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60], registers: [registry] }),
};

collectDefaultMetrics({ register: registry });
// prom-client's defaults include gauges named `…_total`, which `promtool check metrics` rejects; their twins without
// the suffix (nodejs_active_handles, …) carry the same figures.
for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);

/** Times `call` into backendCallSeconds, and counts it in backendCallErrors when it throws. */
export async function timeBackendCall<T>(adapter: string, operation: string, call: () => Promise<T>): Promise<T> {
  const done = metrics.backendCallSeconds.startTimer({ adapter, operation });
  try {
    return await call();
  } catch (error) {
    metrics.backendCallErrors.inc({ adapter, operation });
    throw error;
  } finally {
    done();
  }
}

/** A gauge's values as read at scrape time: one number, or one per label set. */
export type GaugeReading = number | Array<{ labels: Record<string, string>; value: number }>;

/** Makes a gauge read its values when scraped (a count in the store) instead of being kept up to date by hand. */
export function setGaugeSource(gauge: Gauge, read: () => Promise<GaugeReading>): () => void {
  const source = { read };
  gaugeSources.set(gauge, source);
  return () => {
    if (gaugeSources.get(gauge) === source) gaugeSources.delete(gauge);
  };
}

const gaugeSources = new Map<Gauge, { read: () => Promise<GaugeReading> }>();

/** The text a scrape of `/metrics` returns; gauges with a source are read first (a failing read keeps the last values). */
export async function scrapeMetrics(): Promise<string> {
  await Promise.all(
    [...gaugeSources].map(async ([gauge, source]) => {
      try {
        const reading = await source.read();
        if (typeof reading === 'number') return void gauge.set(reading);
        gauge.reset();
        for (const { labels, value } of reading) gauge.set(labels, value);
      } catch {
        // The store being down shows in /readyz; /metrics still answers with what it has.
      }
    }),
  );
  return registry.metrics();
}

/** A bounded operation label from a request path: its first segment after any API prefix, without ids (`/api/v2/silence/ID` → `silence`). */
export function operationOf(path: string): string {
  const segments = path.split('?')[0]!.split('/').filter((segment) => segment && !/^(api|v\d+)$/.test(segment));
  return segments[0] ?? 'root';
}
