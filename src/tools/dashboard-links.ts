import type { DashboardDetail, DashboardView } from '../backends/ports/dashboards.js';
import type { Config } from '../config/schema.js';

/** What a dashboard request names: the dashboard, and from a pasted link its panel, time range, service and environment. */
export interface AskedView {
  name: string;
  panelId?: number;
  from?: Date;
  to?: Date;
  service?: string;
  environment?: string;
}

/**
 * A name as typed, or a dashboard link pasted in (`…/d/UID/slug?viewPanel=3&from=…&to=…&var-service=api`, or a
 * `/d-solo/` link with `panelId`), read into what it shows. Only absolute times are taken from a link: `now-1h` is
 * the range the request already has. A variable's value is the service or environment when it names one.
 */
export function linkedView(name: string, config: Config): AskedView {
  let url: URL;
  try {
    // As Slack delivers a link in message text: `<https://…|label>`, with `&` escaped as `&amp;`.
    url = new URL(name.trim().replace(/^<|>$/g, '').split('|')[0]!.replace(/&amp;/g, '&'));
  } catch {
    return { name };
  }
  const path = /\/d(?:-solo)?\/([^/?#]+)/.exec(url.pathname);
  if (!path || !/^https?:$/.test(url.protocol)) return { name };
  const asked: AskedView = { name: decodeURIComponent(path[1]!) };
  const panel = /(\d+)$/.exec(url.searchParams.get('viewPanel') ?? url.searchParams.get('panelId') ?? '')?.[1];
  if (panel) asked.panelId = Number(panel);
  const from = Number(url.searchParams.get('from'));
  const to = Number(url.searchParams.get('to'));
  if (from > 0 && to > from) Object.assign(asked, { from: new Date(from), to: new Date(to) });
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith('var-')) continue;
    if (config.services.some((service) => service.name === value)) asked.service = value;
    if (config.environments.includes(value)) asked.environment = value;
  }
  return asked;
}

/** A PNG the dashboards backend drew, as tool data a front end uploads like a chart (`data.image`). */
export function dashboardImage(dashboard: DashboardDetail, view: DashboardView, png: Buffer) {
  const panel = view.panelId == null ? undefined : dashboard.panels.find((entry) => entry.id === view.panelId);
  const clock = (at: Date) => at.toISOString().slice(11, 16);
  const shown = panel ? `the ${panel.title} panel of ${dashboard.title}` : `${dashboard.title} (${dashboard.panels.map((entry) => entry.title).slice(0, 8).join(', ')})`;
  const variables = Object.entries(view.variables).filter(([, value]) => value).map(([key, value]) => `${key}=${value}`);
  return {
    title: panel ? `${dashboard.title}: ${panel.title}` : dashboard.title,
    png: png.toString('base64'),
    width: view.width,
    height: view.height,
    filename: `${dashboard.uid.toLowerCase().replace(/[^a-z0-9]+/g, '-')}${panel ? `-panel-${panel.id}` : ''}.png`,
    altText: `${shown}, ${clock(view.from)} to ${clock(view.to)} UTC${variables.length ? `, ${variables.join(', ')}` : ''}.`,
  };
}
