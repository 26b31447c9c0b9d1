import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';

/** A dashboard as the peer stores it: Grafana's dashboard model (uid, title, panels with targets, templating) and its folder. */
export interface FakeDashboard {
  uid: string;
  title: string;
  folderTitle?: string;
  panels: Array<Record<string, unknown>>;
  templating?: { list: Array<{ name: string; type: string; current?: { text?: string; value?: string | string[] } }> };
}

/** How `/render` behaves: the image renderer installed, or absent as Grafana reports it (500, 404, or 200 with its stock picture). */
export type RendererMode = 'installed' | 'absent-500' | 'absent-404' | 'absent-placeholder';

/** Every request the peer saw, for assertions. */
export interface GrafanaRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

/** The running peer: its URL, what it recorded, and knobs a test turns. */
export interface FakeGrafana {
  url: string;
  requests: GrafanaRequest[];
  renderer: RendererMode;
  /** Milliseconds every answer waits (for timeouts). */
  delayMs: number;
  stop(): Promise<void>;
}

const JSON_TYPE = 'application/json';

/**
 * A loopback peer speaking the slice of Grafana's HTTP API opsbot uses, written from Grafana's API reference:
 * `Authorization: Bearer` service account tokens (401 `{"message": "Invalid API key"}` otherwise), `GET /api/search`
 * (case-insensitive title substring, `type=dash-db`, `limit`, hits with `uid`, `url` `/d/UID/slug`, folder),
 * `GET /api/dashboards/uid/UID` (`{dashboard, meta}`, 404 `{"message": "Dashboard not found"}`), and the image
 * renderer's `/render/d/UID/slug` and `/render/d-solo/UID/slug?panelId=…` returning a PNG of `width`×`height`.
 */
export async function startFakeGrafana(options: { token: string; dashboards: FakeDashboard[]; subPath?: string }): Promise<FakeGrafana> {
  const prefix = options.subPath ?? '';
  const state: Omit<FakeGrafana, 'url' | 'stop'> = { requests: [], renderer: 'installed', delayMs: 0 };
  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const urlOf = (dashboard: FakeDashboard) => `${prefix}/d/${dashboard.uid}/${slug(dashboard.title)}`;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://peer');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    state.requests.push({ method: request.method ?? 'GET', path, query: url.searchParams, authorization: request.headers.authorization });
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return send(response, 401, { extra: null, message: 'Invalid API key', messageId: 'api-key.invalid', statusCode: 401, traceID: '' });
    }
    if (request.method !== 'GET') return send(response, 405, { message: 'Method not allowed' });
    if (path === '/api/search') return send(response, 200, search(url.searchParams));
    const byUid = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(path);
    if (byUid) {
      const dashboard = options.dashboards.find((entry) => entry.uid === decodeURIComponent(byUid[1]!));
      if (!dashboard) return send(response, 404, { message: 'Dashboard not found' });
      const { folderTitle, ...model } = dashboard;
      return send(response, 200, {
        dashboard: { id: options.dashboards.indexOf(dashboard) + 1, schemaVersion: 39, version: 3, ...model },
        meta: { type: 'db', slug: slug(dashboard.title), url: urlOf(dashboard), folderTitle: folderTitle ?? 'General', folderUid: '', canSave: false, provisioned: false },
      });
    }
    const render = /^\/render\/(d|d-solo)\/([^/]+)\/[^/]+$/.exec(path);
    if (render) return renderAnswer(response, render[1] === 'd-solo', decodeURIComponent(render[2]!), url.searchParams);
    return send(response, 404, { message: 'Not found' });
  }

  function search(query: URLSearchParams) {
    const wanted = (query.get('query') ?? '').toLowerCase();
    const type = query.get('type');
    const limit = Number(query.get('limit') ?? 1000);
    if (type && type !== 'dash-db') return [];
    return options.dashboards
      .filter((dashboard) => dashboard.title.toLowerCase().includes(wanted))
      .sort((left, right) => left.title.localeCompare(right.title))
      .slice(0, limit)
      .map((dashboard, index) => ({
        id: index + 1,
        uid: dashboard.uid,
        title: dashboard.title,
        uri: `db/${slug(dashboard.title)}`,
        url: urlOf(dashboard),
        slug: '',
        type: 'dash-db',
        tags: [],
        isStarred: false,
        sortMeta: 0,
        ...(dashboard.folderTitle ? { folderUid: 'f1', folderTitle: dashboard.folderTitle, folderUrl: `${prefix}/dashboards/f/f1/` } : {}),
      }));
  }

  function renderAnswer(response: ServerResponse, solo: boolean, uid: string, query: URLSearchParams): void {
    if (state.renderer === 'absent-404') return send(response, 404, { message: 'Not found' });
    if (state.renderer === 'absent-500') return send(response, 500, { message: 'Rendering failed: no image renderer available/installed' });
    const dashboard = options.dashboards.find((entry) => entry.uid === uid);
    if (!dashboard) return send(response, 404, { message: 'Dashboard not found' });
    if (solo && !dashboard.panels.some((panel) => String(panel.id) === query.get('panelId'))) return send(response, 404, { message: 'Panel not found' });
    // Grafana's stock "renderer not installed" picture has its own size, whatever was asked.
    const [width, height] = state.renderer === 'absent-placeholder' ? [400, 160] : [Number(query.get('width') ?? 1000), Number(query.get('height') ?? 500)];
    const png = new PNG({ width, height });
    for (let at = 0; at < png.data.length; at += 4) png.data.set([24, 27, 31, 255], at);
    response.writeHead(200, { 'content-type': 'image/png' });
    response.end(PNG.sync.write(png));
  }

  function send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': JSON_TYPE });
    response.end(JSON.stringify(body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const peer: FakeGrafana = Object.assign(state, {
    url: `http://127.0.0.1:${port}${prefix}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return peer;
}
