import { z } from 'zod';
import type { Backends } from '../backends/backends.js';
import type { MetricSeries, SeriesRange } from '../backends/ports/metrics.js';
import { drawnLines } from '../charts/chart-series.js';
import type { ChartPanel, ChartSpec } from '../charts/chart-spec.js';
import type { Config, Dashboard } from '../config/schema.js';
import { ToolFailure } from '../errors.js';
import type { Catalog } from './catalog.js';
import { serviceEvents } from './chart-context.js';
import { defineTool } from './define-tool.js';
import { METRICS } from './metrics.js';

const RANGES = { '1h': 60, '6h': 360, '24h': 1440 } as const;
const POINTS = 90;

/** `dashboard`: a configured dashboard's panels as one image of small multiples, with its link. */
export function dashboardTool(catalog: Catalog) {
  return defineTool({
    name: 'dashboard',
    commands: [{ command: 'dashboard', usage: 'dashboard NAME [1h|6h|24h]', summary: 'a configured dashboard as one chart ("show me the checkout dashboard")', roles: { name: 'text' } }],
    title: 'Dashboard',
    description: 'Render a configured dashboard as an image.',
    input: z.object({ name: z.string().min(1), range: z.enum(['1h', '6h', '24h']).default('1h') }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['metrics'], scopeOf: () => 'metrics' },
    describe: (args) => `show the ${args.name} dashboard over ${args.range}`,
    async run(args, { backends, config, now }) {
      const dashboard = findDashboard(config, args.name);
      const to = now();
      const from = new Date(to.getTime() - RANGES[args.range] * 60_000);
      const range: SeriesRange = { from, to, stepSeconds: Math.max(60, Math.round((RANGES[args.range] * 60) / POINTS)) };
      const panels = await Promise.all(dashboard.panels.map((panel) => panelOf(panel, backends, config, catalog, range)));
      const chart: ChartSpec = {
        title: `${dashboard.title}, last ${args.range}`,
        from: Math.floor(from.getTime() / 1000),
        to: Math.floor(to.getTime() / 1000),
        panels,
        ...(dashboard.url ? { url: dashboard.url } : {}),
      };
      const lines = panels.map(panelLine);
      const link = dashboard.url ? [`Full dashboard: ${dashboard.url}`] : [];
      return { text: [`${dashboard.title} dashboard, last ${args.range}:`, ...lines, ...link].join('\n'), data: { dashboard: dashboard.name, url: dashboard.url ?? null, chart } };
    },
  });
}

/** A dashboard by name or title, case-insensitive; an unknown one is a readable failure listing those configured. */
export function findDashboard(config: Config, wanted: string): Dashboard {
  const key = wanted.trim().toLowerCase().replace(/\s+dashboard$/, '');
  const found = config.dashboards.find((dashboard) => dashboard.name === key || dashboard.title.toLowerCase() === key);
  if (found) return found;
  const known = config.dashboards.map((dashboard) => dashboard.name);
  throw new ToolFailure(known.length ? `No dashboard "${wanted}". Dashboards: ${known.join(', ')}.` : `No dashboard "${wanted}": none are configured (dashboards: in opsbot.yaml).`);
}

async function panelOf(panel: Dashboard['panels'][number], backends: Backends, config: Config, catalog: Catalog, range: SeriesRange): Promise<ChartPanel> {
  const environment = panel.environment ?? catalog.defaultEnvironment;
  const from = Math.floor(range.from.getTime() / 1000);
  const to = Math.floor(range.to.getTime() / 1000);
  if (panel.query !== undefined) {
    if (!backends.metrics.query) return { title: panel.title, unit: '', lines: [], markers: [], bands: [], note: 'queries need the Prometheus adapter' };
    // A query Prometheus refuses is that panel's problem: the note says why, and the other panels still draw.
    const results = await backends.metrics.query(panel.query, range).catch((error: unknown) => {
      if (error instanceof ToolFailure) return error;
      throw error;
    });
    if (results instanceof ToolFailure) return { title: panel.title, unit: '', lines: [], markers: [], bands: [], note: results.message };
    return { title: panel.title, unit: results[0]?.unit ?? '', lines: results.map((series) => ({ label: series.label, points: series.points })), markers: [], bands: [], ...(results.length === 0 ? { note: 'the query has no data in this range' } : {}) };
  }
  const metric = METRICS.find((entry) => entry.name === panel.metric)!;
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

// Short names on one line; label sets one series a line, the highest first, at most MAX_DRAWN_LINES of them.
function panelLine(panel: ChartPanel): string {
  if (panel.note) return `• ${panel.title}: ${panel.note}`;
  const unit = panel.unit ? ` ${panel.unit}` : '';
  const { lines, hidden } = drawnLines(panel);
  const figures = lines.map((line) => `${line.shortLabel} ${latest(line.points)}${unit}`);
  const more = hidden ? [`+${hidden} more`] : [];
  if (lines.every((line) => line.shortLabel.length <= 24) && lines.length <= 4) return `• ${panel.title}: ${[...figures, ...more].join(', ')}`;
  return [`• ${panel.title}:`, ...[...figures, ...more].map((figure) => `    ${figure}`)].join('\n');
}

function latest(points: Array<[number, number]>): string {
  const value = points.at(-1)?.[1];
  if (value === undefined) return 'no data';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
