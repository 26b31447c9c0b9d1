import type { Backends } from '../backends/backends.js';
import { type DashboardPanel, withVariables } from '../backends/ports/dashboards.js';
import type { MetricSeries, QuerySeries, SeriesRange } from '../backends/ports/metrics.js';
import type { ChartPanel } from '../charts/chart-spec.js';
import type { Config } from '../config/schema.js';
import { ToolFailure } from '../errors.js';
import { serviceEvents } from './chart-context.js';
import { METRICS } from './metrics.js';

/** What opsbot needs to draw a dashboard's panel itself: the ports, the catalog's services and environment, the variables. */
export interface PanelContext {
  backends: Backends;
  config: Config;
  environment: string;
  variables: Record<string, string>;
  range: SeriesRange;
}

/** One panel drawn by opsbot: a contract metric per service, or the panel's PromQL run against the metrics port. */
export async function chartPanelOf(panel: DashboardPanel, context: PanelContext): Promise<ChartPanel> {
  if (panel.metric) return metricPanel(panel, context);
  const empty = { title: panel.title, unit: '', lines: [], markers: [], bands: [] };
  if (panel.queries.length === 0) return { ...empty, note: 'its queries are not PromQL; open the link' };
  if (!context.backends.metrics.query) return { ...empty, note: 'queries need the Prometheus adapter' };
  const run = context.backends.metrics.query.bind(context.backends.metrics);
  // A query Prometheus refuses is that panel's problem: the note says why, and the other panels still draw.
  const answers = await Promise.all(
    panel.queries.map((query) =>
      run(withVariables(query, context.variables), context.range).catch((error: unknown) => {
        if (error instanceof ToolFailure) return error;
        throw error;
      }),
    ),
  );
  const refused = answers.find((answer): answer is ToolFailure => answer instanceof ToolFailure);
  const series = answers.filter((answer): answer is QuerySeries[] => !(answer instanceof ToolFailure)).flat();
  if (series.length === 0) return { ...empty, note: refused?.message ?? 'the query has no data in this range' };
  return { title: panel.title, unit: series[0]?.unit ?? '', lines: series.map((entry) => ({ label: entry.label, points: entry.points })), markers: [], bands: [] };
}

async function metricPanel(panel: DashboardPanel, context: PanelContext): Promise<ChartPanel> {
  const { backends, config, range } = context;
  const metric = METRICS.find((entry) => entry.name === panel.metric)!;
  const environment = panel.environment ?? context.environment;
  const from = Math.floor(range.from.getTime() / 1000);
  const to = Math.floor(range.to.getTime() / 1000);
  const services = panel.services ?? config.services.map((service) => service.name);
  const results = await Promise.all(
    services.map(async (service) => {
      const series: MetricSeries | null = await backends.metrics.series(service, environment, metric.name, range).catch(() => null);
      const events = await serviceEvents(backends, service, environment, from, to);
      return { service, series, events };
    }),
  );
  const several = services.length > 1;
  const answered = results.filter((result) => result.series !== null);
  return {
    title: panel.title,
    unit: metric.unit,
    lines: answered.map((result) => ({ label: result.service, points: result.series!.points })),
    // With several services on one panel, a rule says whose deploy it was.
    markers: results.flatMap((result) => result.events.markers.map((marker) => (several ? { ...marker, version: `${result.service} ${marker.version}` } : marker))),
    bands: results.flatMap((result) => result.events.bands.map((band) => (several ? { ...band, label: `${result.service} ${band.label}` } : band))),
    ...(answered.length === 0 ? { note: 'metrics backend did not answer' } : {}),
  };
}
