import { z } from 'zod';
import type { MetricName } from '../backends/ports/metrics.js';
import { sparkline } from '../util/sparkline.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

const RANGES = { '15m': 15, '1h': 60, '6h': 360, '24h': 1440 } as const;
const METRICS: Array<{ name: MetricName; label: string; unit: string }> = [
  { name: 'requests', label: 'requests', unit: 'req/s' },
  { name: 'cpu', label: 'cpu', unit: '%' },
  { name: 'latency_p95', label: 'p95 latency', unit: 'ms' },
  { name: 'error_rate', label: 'error rate', unit: '%' },
];

/** `service_metrics`: current load figures and a sparkline per metric over a time range. */
export function serviceMetricsTool(catalog: Catalog) {
  return defineTool({
    name: 'service_metrics',
    title: 'Service load and metrics',
    description: 'Request rate, CPU, p95 latency and error rate of a service, now and over a range.',
    input: z.object({
      service: catalog.service,
      environment: catalog.environment.default(catalog.defaultEnvironment),
      range: z.enum(['15m', '1h', '6h', '24h']).default('1h'),
    }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['metrics'], scopeOf: () => 'metrics' },
    describe: (args) => `show ${args.range} metrics of ${args.service} in ${args.environment}`,
    async run(args, { backends, now }) {
      const to = now();
      const minutes = RANGES[args.range];
      const from = new Date(to.getTime() - minutes * 60_000);
      const stepSeconds = Math.max(60, Math.round((minutes * 60) / 24));
      // One answer's queries go out together: against a real backend the answer costs one round trip, not five.
      const [snapshot, series] = await Promise.all([
        backends.metrics.snapshot(args.service, args.environment),
        Promise.all(METRICS.map((metric) => backends.metrics.series(args.service, args.environment, metric.name, { from, to, stepSeconds }))),
      ]);
      const current: Record<MetricName, number> = {
        requests: snapshot.requestsPerSecond,
        cpu: snapshot.cpuPercent,
        latency_p95: snapshot.latencyP95Ms,
        error_rate: snapshot.errorRatePercent,
      };
      const lines = METRICS.map((metric, index) => {
        const values = series[index]!.points.map(([, value]) => value);
        return `${metric.label.padEnd(12)} ${format(current[metric.name])} ${metric.unit.padEnd(5)} ${sparkline(values)}`;
      });
      const text = [`${args.service} (${args.environment}) over the last ${args.range}, now ${snapshot.at}:`, ...lines].join('\n');
      return { text, data: { snapshot, series: series.map((entry) => ({ metric: entry.metric, unit: entry.unit, points: entry.points })) } };
    },
  });
}

function format(value: number): string {
  // A figure the backend has no data for is shown as such, never as a zero.
  if (!Number.isFinite(value)) return 'n/a'.padStart(7);
  return (value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2)).padStart(7);
}
