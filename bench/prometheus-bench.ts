import { createOpsbot } from '../src/app.js';
import { CommandRouter } from '../src/agent/router/command-router.js';
import { MetricQueries } from '../src/backends/prometheus/metric-queries.js';
import type { PrometheusConfig } from '../src/config/monitoring-schema.js';
import { demoConfig } from '../src/config/demo-config.js';
import { validateConfig } from '../src/app/validate-config.js';
import { FLEET, FLEET_READING, fleetOpenMetrics, fleetSpan } from '../test/support/fleet-openmetrics.js';
import { missingMonitoring, startPrometheus } from '../test/support/monitoring-servers.js';
import { sized } from './bench-size.js';

const ANSWERS = Number(process.env.PROMETHEUS_BENCH_ANSWERS ?? sized(100, 5));
const WARMUP = sized(10, 1);
const TARGET_RATIO = 1.3;

/**
 * One `!status` over every configured service and component against a real Prometheus (the known test fleet),
 * through the router, gateway, policy, audit and tool; the baseline is the very same PromQL requests sent by a
 * bare fetch loop, all at once. The ratio is what opsbot adds on top of Prometheus answering.
 */
export async function run(): Promise<void> {
  const missing = (() => {
    try {
      return missingMonitoring();
    } catch (error) {
      return (error as Error).message;
    }
  })();
  if (missing) {
    console.log(`prometheus status: ${missing}`);
    return;
  }
  const span = fleetSpan();
  const prometheus = await startPrometheus(fleetOpenMetrics(FLEET, span));
  const config = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: prometheus.url, ...FLEET_READING } } });
  const opsbot = await createOpsbot({ config, configSource: 'bench', memory: true, env: {}, now: () => span.clock });
  try {
    const router = new CommandRouter(opsbot.gateway, opsbot.config);
    const answers = await timed(async () => {
      const reply = await router.respond({ text: '!status', actor: 'U00VIEWER', origin: { frontEnd: 'cli', conversationId: 'bench-status' } });
      // Every service answered from Prometheus, whatever the wording of the summary above them.
      const missing = config.services.filter((service) => !reply.text.includes(`${service.name} (production)`));
      if (missing.length) throw new Error(`the answer leaves out ${missing.map((service) => service.name).join(', ')}: ${reply.text}`);
    });
    const requests = statusRequests(config.backends.metrics as PrometheusConfig, config.services, span.clock);
    const bare = await timed(async () => {
      await Promise.all(
        requests.map(async (body) => {
          const response = await fetch(`${prometheus.url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
          await response.json();
        }),
      );
    });
    const components = config.services.reduce((sum, service) => sum + service.components.length, 0);
    console.log(`!status over ${config.services.length} services, ${components} components (${requests.length} PromQL queries), ${ANSWERS} answers after ${WARMUP} warm-up:`);
    console.log(`  opsbot answer            median ${format(percentile(answers, 50))}  p95 ${format(percentile(answers, 95))}`);
    console.log(`  bare fetch, same queries median ${format(percentile(bare, 50))}  p95 ${format(percentile(bare, 95))}`);
    console.log(`  ratio opsbot / bare fetch (median)  ${(percentile(answers, 50) / percentile(bare, 50)).toFixed(2)}×  (target < ${TARGET_RATIO}×)`);
  } finally {
    await opsbot.close();
    await prometheus.cleanup();
  }
}

/** The instant queries a fleet-wide status makes: up, error rate, p95 and critical alerts per component, at one time. */
function statusRequests(metrics: PrometheusConfig, services: Array<{ name: string; components: string[] }>, at: Date): URLSearchParams[] {
  const queries = new MetricQueries(metrics);
  const time = (at.getTime() / 1000).toFixed(3);
  return services.flatMap((service) =>
    queries.components(service).flatMap((component) =>
      (['up', 'requests', 'errorRate', 'latencyP95', 'criticalAlerts'] as const).map((name) => new URLSearchParams({ query: queries.plan(name, service, { service: service.name, environment: 'production', component }).query, time, timeout: `${metrics.timeoutSeconds}s` })),
    ),
  );
}

async function timed(once: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < WARMUP + ANSWERS; index++) {
    const started = performance.now();
    await once();
    if (index >= WARMUP) times.push(performance.now() - started);
  }
  return times;
}

function percentile(values: number[], rank: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil((rank / 100) * sorted.length) - 1)] ?? 0;
}

function format(milliseconds: number): string {
  return `${milliseconds.toFixed(2)} ms`;
}
