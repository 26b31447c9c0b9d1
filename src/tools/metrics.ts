import { z } from 'zod';
import type { MetricName, QueryExplanation } from '../backends/ports/metrics.js';
import type { ChartSpec } from '../charts/chart-spec.js';
import { sparkline } from '../util/sparkline.js';
import { BASELINE_OFFSETS, compareWithBaselines } from './baselines.js';
import type { Catalog } from './catalog.js';
import { serviceEvents } from './chart-context.js';
import { defineTool } from './define-tool.js';

const RANGES = { '15m': 15, '1h': 60, '6h': 360, '24h': 1440 } as const;
/** Ranges `service_metrics` (and `opsbot chart`) accept. */
export type MetricRange = keyof typeof RANGES;
export const METRIC_RANGES = Object.keys(RANGES) as MetricRange[];
/** Each metric with the words and unit people read it in. */
export const METRICS: Array<{ name: MetricName; label: string; unit: string }> = [
  { name: 'requests', label: 'requests', unit: 'req/s' },
  { name: 'cpu', label: 'cpu', unit: '%' },
  { name: 'latency_p95', label: 'p95 latency', unit: 'ms' },
  { name: 'error_rate', label: 'error rate', unit: '%' },
];
// Points per range: enough for a chart to show a deploy's step; the text sparkline samples 24 of them.
const CHART_POINTS = 120;
const SPARK_POINTS = 24;

/** `service_metrics`: current load figures, a sparkline per metric, a comparison with yesterday and last week, and a chart. */
export function serviceMetricsTool(catalog: Catalog) {
  return defineTool({
    name: 'service_metrics',
    group: 'status',
    commands: [
      { command: 'status', usage: 'status SERVICE load [ENVIRONMENT] [15m|1h|6h|24h]', summary: `request rate, CPU, latency and errors ("how's frontend load?")`, words: ['load'], roles: { service: 'service', environment: 'environment' } },
      { command: 'chart', usage: 'chart SERVICE [latency|errors|cpu|requests] [RANGE]', summary: 'one figure as a chart ("chart api p95 6h")', roles: { service: 'service', environment: 'environment' } },
    ],
    title: 'Service load and metrics',
    description: 'Request rate, CPU, p95 latency and error rate of a service now, with a sparkline and day/week baselines.',
    input: z.object({
      service: catalog.service,
      environment: catalog.environment.default(catalog.defaultEnvironment),
      range: z.enum(['15m', '1h', '6h', '24h']).default('1h'),
      metric: z.enum(['requests', 'cpu', 'latency_p95', 'error_rate']).optional(),
      explain: z.boolean().optional(),
    }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['metrics'], scopeOf: () => 'metrics' },
    describe: (args) => `show ${args.range} metrics of ${args.service} in ${args.environment}`,
    async run(args, { backends, config, now }) {
      const to = now();
      const minutes = RANGES[args.range];
      const from = new Date(to.getTime() - minutes * 60_000);
      const stepSeconds = Math.max(60, Math.round((minutes * 60) / CHART_POINTS));
      const range = { from, to, stepSeconds };
      const seriesOf = (offsetSeconds?: number) =>
        Promise.all(METRICS.map((metric) => backends.metrics.series(args.service, args.environment, metric.name, offsetSeconds ? { ...range, offsetSeconds } : range)));
      // One answer's queries go out together: against a real backend the answer costs one round trip, not many.
      const [snapshot, series, dayAgo, weekAgo] = await Promise.all([
        backends.metrics.snapshot(args.service, args.environment),
        seriesOf(),
        seriesOf(BASELINE_OFFSETS.dayAgo),
        seriesOf(BASELINE_OFFSETS.weekAgo),
      ]);
      const fromSeconds = Math.floor(from.getTime() / 1000);
      const toSeconds = Math.floor(to.getTime() / 1000);
      const events = await serviceEvents(backends, args.service, args.environment, fromSeconds, toSeconds);
      const baseline = compareWithBaselines({ metrics: METRICS, current: series, dayAgo, weekAgo, threshold: config.baselines.threshold, deploys: events.deploys });
      const current: Record<MetricName, number> = {
        requests: snapshot.requestsPerSecond,
        cpu: snapshot.cpuPercent,
        latency_p95: snapshot.latencyP95Ms,
        error_rate: snapshot.errorRatePercent,
      };
      const lines = METRICS.map((metric, index) => {
        const values = sample(series[index]!.points.map(([, value]) => value), SPARK_POINTS);
        const note = !Number.isFinite(current[metric.name]) && snapshot.notes?.[metric.name] ? ` (${snapshot.notes[metric.name]})` : '';
        return `${metric.label.padEnd(12)} ${format(current[metric.name])} ${metric.unit.padEnd(5)} ${sparkline(values)}${note}`;
      });
      const queries = snapshot.queries ?? [];
      const text = [`${args.service} (${args.environment}) over the last ${args.range}, now ${snapshot.at}:`, ...lines, baseline.summary, ...(args.explain ? explainLines(queries) : [])].join('\n');
      const charted = METRICS.map((metric, index) => ({ metric, series: series[index]! })).filter((entry) => !args.metric || entry.metric.name === args.metric);
      const chart: ChartSpec = {
        // One metric named in the title too, so its file and upload are told apart from the four-panel chart.
        title: `${args.service} (${args.environment})${charted.length === 1 ? ` ${charted[0]!.metric.label}` : ''}, last ${args.range}`,
        from: fromSeconds,
        to: toSeconds,
        panels: charted.map(({ metric, series: entry }) => ({
          title: metric.label,
          unit: metric.unit,
          lines: [{ label: args.service, points: entry.points }],
          markers: events.markers,
          bands: events.bands,
        })),
      };
      return {
        text,
        data: { snapshot, queries, series: series.map((entry) => ({ metric: entry.metric, unit: entry.unit, points: entry.points })), baseline, chart },
      };
    },
  });
}

/** Every query an answer ran, where, and how many series each returned: what `explain` shows. */
export function explainLines(queries: QueryExplanation[]): string[] {
  if (!queries.length) return ['Queries: none (this backend runs no queries).'];
  return ['Queries:', ...queries.map((query) => `  ${query.component ? `${query.component} ` : ''}${query.figure}: ${query.query} → ${query.series === null ? 'failed' : `${query.series} series`} (${query.source})`)];
}

/** `count` values spread evenly over `values` (all of them when there are fewer). */
function sample(values: number[], count: number): number[] {
  if (values.length <= count) return values;
  return Array.from({ length: count }, (_, index) => values[Math.round((index * (values.length - 1)) / (count - 1))]!);
}

function format(value: number): string {
  // A figure the backend has no data for is shown as such, never as a zero.
  if (!Number.isFinite(value)) return 'n/a'.padStart(7);
  return (value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2)).padStart(7);
}
