import type { Config } from '../config/schema.js';
import type { DashboardDetail, DashboardsPort, DashboardSummary } from './ports/dashboards.js';

/**
 * The dashboards written in opsbot's config (`dashboards:`): the default adapter of the dashboards port. Its panels
 * are contract metrics or PromQL, drawn by opsbot; its link is the `url` given, as written.
 */
export class ConfigDashboards implements DashboardsPort {
  constructor(private readonly dashboards: Config['dashboards']) {}

  async list(): Promise<DashboardSummary[]> {
    return this.dashboards.map((dashboard) => ({ uid: dashboard.name, title: dashboard.title, url: dashboard.url ?? null }));
  }

  async find(name: string): Promise<DashboardDetail | null> {
    const key = name.trim().toLowerCase();
    const found = this.dashboards.find((dashboard) => dashboard.name === key || dashboard.title.toLowerCase() === key);
    if (!found) return null;
    return {
      uid: found.name,
      title: found.title,
      url: found.url ?? null,
      variables: {},
      panels: found.panels.map((panel) => ({
        id: null,
        title: panel.title,
        queries: panel.query === undefined ? [] : [panel.query],
        ...(panel.metric ? { metric: panel.metric } : {}),
        ...(panel.services ? { services: panel.services } : {}),
        ...(panel.environment ? { environment: panel.environment } : {}),
      })),
    };
  }

  link(dashboard: DashboardDetail): string | null {
    return dashboard.url;
  }
}
