// Dashboards port: the dashboards a team already has (Grafana), or those written in opsbot's own config.
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).
import type { MetricName } from './metrics.js';

/** A dashboard as a list shows it. */
export interface DashboardSummary {
  /** How opsbot names it: the config name, or Grafana's uid. */
  uid: string;
  title: string;
  /** Its page, without a time range; null when it has none (a config dashboard without `url`). */
  url: string | null;
  /** Where it is filed (a Grafana folder), if anywhere. */
  folder?: string;
}

/** One panel: either a contract metric over services (config) or the queries it runs (PromQL targets). */
export interface DashboardPanel {
  /** Grafana's panel id, for a single-panel render; null for config panels. */
  id: number | null;
  title: string;
  metric?: MetricName;
  services?: string[];
  environment?: string;
  /** PromQL expressions opsbot can run itself; empty when the panel's queries are not PromQL. */
  queries: string[];
}

/** A dashboard with its panels and the template variables it takes, each with its current value ('' when none). */
export interface DashboardDetail extends DashboardSummary {
  panels: DashboardPanel[];
  variables: Record<string, string>;
}

/**
 * Template variables that take the service or environment a person asked about, by the names teams give them.
 * Only variables the dashboard declares are set, so a dashboard is never handed one it does not use; the others
 * keep their current values.
 */
const VARIABLE_NAMES: Record<string, readonly string[]> = {
  service: ['service', 'svc', 'app', 'application'],
  environment: ['environment', 'env', 'stage'],
};

/** The dashboard's variables with the service and environment asked about put in (`var-…` of a link, `$service` of a target). */
export function variableValues(dashboard: DashboardDetail, asked: { service?: string; environment?: string }): Record<string, string> {
  const values = { ...dashboard.variables };
  for (const [kind, value] of Object.entries(asked)) {
    const name = Object.keys(dashboard.variables).find((variable) => VARIABLE_NAMES[kind]!.includes(variable.toLowerCase()));
    if (name && value) values[name] = value;
  }
  return values;
}

/** The view asked for: the time range, the template variables set (see variableValues), and one panel or the whole dashboard. */
export interface DashboardView {
  from: Date;
  to: Date;
  variables: Record<string, string>;
  panelId?: number | null;
  width: number;
  height: number;
}

/** A rendered image, or why there is none (no renderer installed). */
export type DashboardRender = { png: Buffer } | { unavailable: string };

/** Dashboards by title or uid, their links with a time range, and (where the backend can draw) a PNG. */
export interface DashboardsPort {
  list(): Promise<DashboardSummary[]>;
  /** By uid, or by title (case-insensitive); null when none matches. */
  find(name: string): Promise<DashboardDetail | null>;
  /** The dashboard's page showing `view`; null when it has no page. */
  link(dashboard: DashboardDetail, view: DashboardView): string | null;
  /** The backend's own rendering of `view`; adapters that cannot draw leave it out (opsbot draws the panels). */
  render?(dashboard: DashboardDetail, view: DashboardView): Promise<DashboardRender>;
}

/**
 * `$service`, `${service}` and `[[service]]` in a target replaced by the values given; the rest left as written. A
 * variable without a value ("All") becomes `.*`, as Grafana writes All into the `=~` matchers such variables sit in.
 */
export function withVariables(expression: string, values: Record<string, string>): string {
  return expression.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (whole, braced?: string, bare?: string, old?: string) => {
    const name = braced ?? bare ?? old ?? '';
    if (!Object.hasOwn(values, name)) return whole;
    return values[name] || '.*';
  });
}
