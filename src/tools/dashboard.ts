import { z } from 'zod';
import { type DashboardDetail, type DashboardView, variableValues } from '../backends/ports/dashboards.js';
import type { SeriesRange } from '../backends/ports/metrics.js';
import { drawnLines } from '../charts/chart-series.js';
import type { ChartPanel, ChartSpec } from '../charts/chart-spec.js';
import { ToolFailure } from '../errors.js';
import type { Catalog } from './catalog.js';
import { chartPanelOf } from './dashboard-panels.js';
import { dashboardImage, linkedView } from './dashboard-links.js';
import { defineTool, type ToolContext } from './define-tool.js';

const RANGES = { '1h': 60, '6h': 360, '24h': 1440 } as const;
const POINTS = 90;
// A dashboard drawn by opsbot shows this many panels at most: small multiples stay legible three across, two down.
const MAX_PANELS = 6;
// The renderer's canvas: a whole dashboard, or one panel as Grafana's "direct link rendered image" sizes it.
const DASHBOARD_SIZE = { width: 1200, height: 900 };
const PANEL_SIZE = { width: 800, height: 400 };

/** `dashboard`: a dashboard (config or Grafana) as its link and one image; with no name, the dashboards there are. */
export function dashboardTool(catalog: Catalog) {
  return defineTool({
    name: 'dashboard',
    group: 'dashboards',
    commands: [
      { command: 'dashboard', usage: 'dashboard NAME [SERVICE] [1h|6h|24h]', summary: 'a dashboard as its link and an image ("show me the checkout dashboard")', roles: { name: 'text', service: 'service' } },
      { command: 'dashboards', usage: 'dashboards list', summary: 'the dashboards opsbot can show', words: ['list'] },
    ],
    title: 'Dashboard',
    description: 'Dashboard PNG+link, or list.',
    input: z.object({ name: z.string().min(1).optional(), service: z.string().optional(), range: z.enum(['1h', '6h', '24h']).default('1h') }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['metrics'], scopeOf: () => 'metrics' },
    describe: (args) => (args.name ? `show the ${args.name} dashboard over ${args.range}` : 'list the dashboards'),
    async run(args, context) {
      if (!args.name || args.name.toLowerCase() === 'list') return listDashboards(context);
      if (args.service && !context.config.services.some((entry) => entry.name === args.service)) {
        throw new ToolFailure(`Unknown service "${args.service}". Services: ${context.config.services.map((entry) => entry.name).join(', ')}.`);
      }
      const asked = linkedView(args.name, context.config);
      const dashboard = await context.backends.dashboards.find(asked.name);
      if (!dashboard) throw new ToolFailure(await unknownDashboard(args.name, context));
      const to = asked.to ?? context.now();
      const from = asked.from ?? new Date(to.getTime() - RANGES[args.range] * 60_000);
      // The service asked for, else one named in the link, else the one the dashboard is named after.
      const service = args.service ?? asked.service ?? context.config.services.find((entry) => entry.name === dashboard.uid || entry.name === args.name)?.name;
      const environment = asked.environment ?? catalog.defaultEnvironment;
      const panelId = asked.panelId ?? null;
      const size = panelId === null ? DASHBOARD_SIZE : PANEL_SIZE;
      const view: DashboardView = { from, to, variables: variableValues(dashboard, { service, environment }), panelId, ...size };
      const link = context.backends.dashboards.link(dashboard, view);
      // A pasted link's own absolute range is stated as times; otherwise the range runs to now.
      const span = asked.to ? clockRange(from, to) : `last ${args.range}`;
      const heading = `${dashboard.title} dashboard, ${span}${service ? ` (${service})` : ''}:${link ? ` ${link}` : ''}`;
      const rendered = context.backends.dashboards.render ? await context.backends.dashboards.render(dashboard, view).catch((error: unknown) => renderFailure(error)) : null;
      if (rendered && 'png' in rendered) {
        const image = dashboardImage(dashboard, view, rendered.png);
        return { text: [heading, `Rendered by Grafana: ${image.altText}`].join('\n'), data: { dashboard: dashboard.uid, url: link, image } };
      }
      const chart = await ownChart(dashboard, view, { ...context, environment, span });
      const said = rendered ? [`${rendered.unavailable}; drawn by opsbot from the panels' PromQL instead.`] : [];
      const lines = chart.panels.map(panelLine);
      const more = chart.panelsLeftOut ? [`(the first ${MAX_PANELS} of ${chart.panels.length + chart.panelsLeftOut} panels)`] : [];
      const { panelsLeftOut: _left, ...spec } = chart;
      return { text: [heading, ...said, ...lines, ...more].join('\n'), data: { dashboard: dashboard.uid, url: link, chart: { ...spec, ...(link ? { url: link } : {}) } } };
    },
  });
}

async function listDashboards({ backends }: ToolContext) {
  const dashboards = await backends.dashboards.list();
  if (dashboards.length === 0) return { text: 'No dashboards: none are configured (dashboards: in opsbot.yaml, or backends.dashboards: grafana).', data: { dashboards } };
  const lines = dashboards.map((entry) => `• ${entry.title} (${entry.uid})${entry.folder ? ` in ${entry.folder}` : ''}${entry.url ? `: ${entry.url}` : ''}`);
  return { text: [`Dashboards (${dashboards.length}):`, ...lines].join('\n'), data: { dashboards } };
}

async function unknownDashboard(wanted: string, { backends }: ToolContext): Promise<string> {
  const known = (await backends.dashboards.list()).map((entry) => entry.uid);
  if (known.length === 0) return `No dashboard "${wanted}": none are configured (dashboards: in opsbot.yaml, or backends.dashboards: grafana).`;
  return `No dashboard "${wanted}". Dashboards: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}.`;
}

// A renderer that times out or refuses is, for this answer, a renderer that is not there: opsbot draws instead.
function renderFailure(error: unknown): { unavailable: string } {
  if (error instanceof ToolFailure) return { unavailable: error.message };
  throw error;
}

async function ownChart(dashboard: DashboardDetail, view: DashboardView, context: ToolContext & { environment: string; span: string }): Promise<ChartSpec & { panelsLeftOut: number }> {
  const seconds = (view.to.getTime() - view.from.getTime()) / 1000;
  const range: SeriesRange = { from: view.from, to: view.to, stepSeconds: Math.max(60, Math.round(seconds / POINTS)) };
  const chosen = view.panelId === null ? dashboard.panels : dashboard.panels.filter((panel) => panel.id === view.panelId);
  const shown = (chosen.length ? chosen : dashboard.panels).slice(0, MAX_PANELS);
  const panels = await Promise.all(shown.map((panel) => chartPanelOf(panel, { backends: context.backends, config: context.config, environment: context.environment, variables: view.variables, range })));
  return {
    title: `${dashboard.title}, ${context.span}`,
    from: Math.floor(view.from.getTime() / 1000),
    to: Math.floor(view.to.getTime() / 1000),
    panels,
    panelsLeftOut: (chosen.length ? chosen : dashboard.panels).length - shown.length,
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

function clockRange(from: Date, to: Date): string {
  const clock = (at: Date) => at.toISOString().slice(11, 16);
  return `${clock(from)}–${clock(to)} UTC`;
}
