import type { DashboardDetail, DashboardPanel, DashboardRender, DashboardsPort, DashboardSummary, DashboardView } from '../ports/dashboards.js';
import { GrafanaClient } from './grafana-client.js';
import { promqlTargets } from './panel-targets.js';

/** Bounds of a Grafana call: the API answers in well under a second; the renderer drives a browser. */
const API_TIMEOUT_MS = 5_000;
const RENDER_TIMEOUT_MS = 20_000;

/**
 * The dashboards port over Grafana's HTTP API: `GET /api/search` finds by title, `GET /api/dashboards/uid/…` gives
 * panels and their targets, `/render/d/…` and `/render/d-solo/…` give a PNG where the image renderer is installed.
 */
export class GrafanaDashboards implements DashboardsPort {
  private readonly client: GrafanaClient;

  constructor(options: { url: string; token: string; timeoutMs?: number; renderTimeoutMs?: number }) {
    this.client = new GrafanaClient({ url: options.url, token: options.token, timeoutMs: options.timeoutMs ?? API_TIMEOUT_MS, renderTimeoutMs: options.renderTimeoutMs ?? RENDER_TIMEOUT_MS });
  }

  async list(): Promise<DashboardSummary[]> {
    const hits = await this.client.search('');
    return hits.filter((hit) => hit.type === 'dash-db').map((hit) => this.summary(hit));
  }

  async find(name: string): Promise<DashboardDetail | null> {
    const wanted = name.trim();
    // A uid first (what a link carries), then the title: exact beats a substring match, and one substring match is enough.
    // Grafana uids are at most 40 letters, digits, - and _; anything else can only be a title.
    const byUid = /^[\w-]{1,40}$/.test(wanted) ? await this.client.dashboard(wanted) : null;
    if (byUid) return this.detail(byUid.dashboard, byUid.meta);
    const hits = (await this.client.search(wanted)).filter((hit) => hit.type === 'dash-db');
    const exact = hits.filter((hit) => hit.title.toLowerCase() === wanted.toLowerCase());
    const chosen = exact.length === 1 ? exact[0] : hits.length === 1 ? hits[0] : undefined;
    if (!chosen) return null;
    const found = await this.client.dashboard(chosen.uid);
    return found ? this.detail(found.dashboard, found.meta) : null;
  }

  link(dashboard: DashboardDetail, view: DashboardView): string | null {
    if (!dashboard.url) return null;
    const parameters = this.parameters(dashboard, view);
    // viewPanel opens the one panel full size, as the image shows it.
    if (view.panelId != null) parameters.set('viewPanel', String(view.panelId));
    return `${dashboard.url}?${parameters}`;
  }

  async render(dashboard: DashboardDetail, view: DashboardView): Promise<DashboardRender> {
    const parameters = this.parameters(dashboard, view);
    parameters.set('width', String(view.width));
    parameters.set('height', String(view.height));
    parameters.set('tz', 'UTC');
    const slug = slugOf(dashboard);
    const path = view.panelId != null ? `/render/d-solo/${encodeURIComponent(dashboard.uid)}/${slug}` : `/render/d/${encodeURIComponent(dashboard.uid)}/${slug}`;
    if (view.panelId != null) parameters.set('panelId', String(view.panelId));
    const answer = await this.client.render(path, parameters);
    if ('status' in answer) return { unavailable: `Grafana's image renderer did not draw it (HTTP ${answer.status}${answer.message ? `, ${answer.message}` : ''})` };
    // Older Grafanas answer a missing renderer with 200 and a stock "plugin not installed" picture: not the size asked for.
    const size = pngSize(answer.png);
    if (!size || size.width !== view.width || size.height !== view.height) return { unavailable: "Grafana's image renderer is not installed (it answered with a picture that is not the panel)" };
    return { png: answer.png };
  }

  // Absolute times, so the link shows what the image showed, not whatever "now" is when it is opened.
  private parameters(dashboard: DashboardDetail, view: DashboardView): URLSearchParams {
    const parameters = new URLSearchParams({ from: String(view.from.getTime()), to: String(view.to.getTime()) });
    // Only variables with a value: an empty one would override the dashboard's own default.
    for (const [name, value] of Object.entries(view.variables)) if (value) parameters.set(`var-${name}`, value);
    return parameters;
  }

  private summary(hit: { uid: string; title: string; url: string; folderTitle?: string }): DashboardSummary {
    return { uid: hit.uid, title: hit.title, url: this.absolute(hit.url), ...(hit.folderTitle ? { folder: hit.folderTitle } : {}) };
  }

  private detail(dashboard: Record<string, unknown>, meta: Record<string, unknown>): DashboardDetail {
    const uid = String(dashboard.uid);
    const templating = (dashboard.templating as { list?: Array<{ name?: unknown; current?: { value?: unknown } }> } | undefined)?.list ?? [];
    return {
      uid,
      title: String(dashboard.title ?? uid),
      url: typeof meta.url === 'string' ? this.absolute(meta.url) : null,
      ...(typeof meta.folderTitle === 'string' ? { folder: meta.folderTitle } : {}),
      variables: Object.fromEntries(templating.filter((variable) => typeof variable.name === 'string').map((variable) => [variable.name as string, currentValue(variable.current?.value)])),
      panels: panelsOf(dashboard.panels).map((panel): DashboardPanel => ({ id: typeof panel.id === 'number' ? panel.id : null, title: typeof panel.title === 'string' && panel.title ? panel.title : `panel ${String(panel.id)}`, queries: promqlTargets(panel) })),
    };
  }

  // Grafana's urls are paths that already include a sub-path (`/grafana/d/…`), so they resolve against the origin.
  private absolute(path: string): string {
    return new URL(path, this.client.base).toString();
  }
}

/**
 * Panels that show data, in display order: the panels of collapsed rows (kept inside the row) brought out, rows
 * themselves and panels without queries (text, news) left out, as there is nothing in them to draw.
 */
function panelsOf(panels: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(panels)) return [];
  return (panels as Array<Record<string, unknown>>).flatMap((panel) => {
    if (panel.type === 'row') return panelsOf(panel.panels);
    return Array.isArray(panel.targets) && panel.targets.length > 0 ? [panel] : [];
  });
}

// A multi-value variable's values as the regex Grafana itself would put in a `=~` matcher; "All" stays unset.
function currentValue(value: unknown): string {
  if (typeof value === 'string') return value === '$__all' ? '' : value;
  if (Array.isArray(value)) return value.filter((entry) => typeof entry === 'string' && entry !== '$__all').join('|');
  return '';
}

function slugOf(dashboard: DashboardDetail): string {
  const fromUrl = dashboard.url ? new URL(dashboard.url).pathname.split('/').filter(Boolean).at(-1) : undefined;
  return fromUrl && fromUrl !== dashboard.uid ? fromUrl : encodeURIComponent(dashboard.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''));
}

/** Width and height from a PNG's IHDR chunk; null when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
