import type { PortName } from '../backends/backends.js';
import { notConfiguredText } from '../backends/unconfigured.js';
import type { Config } from '../config/schema.js';
import type { AnyTool } from './define-tool.js';

/**
 * The port each tool cannot answer without. A tool whose port is `none` is not offered (help, the model's tools, MCP
 * tools/list): asking for it gets "not configured", never the demo's made-up data (DESIGN §8). Tools not listed
 * read only opsbot's own records.
 */
const TOOL_PORTS: Readonly<Record<string, PortName>> = {
  service_status: 'metrics',
  service_metrics: 'metrics',
  dashboard: 'metrics',
  status_watch: 'metrics',
  deploy_history: 'deploys',
  deploy: 'deploys',
  rollback: 'deploys',
  deploy_lock: 'deploys',
  deploy_unlock: 'deploys',
  oncall: 'oncall',
  page: 'paging',
  page_respond: 'paging',
  alerts_list: 'alerts',
  alert_silence: 'alerts',
  alert_unsilence: 'alerts',
  runbook: 'runbooks',
  incident_declare: 'incidents',
  incident_update: 'incidents',
  incident_resolve: 'incidents',
  incident_list: 'incidents',
  release_prepare: 'releases',
  release_publish: 'releases',
};

/** Why a tool is not offered under this config (its port is `none`), or null when it is. */
export function withheldReason(tool: Pick<AnyTool, 'name'>, config: Config): string | null {
  const port = TOOL_PORTS[tool.name];
  if (!port || config.backends[port].adapter !== 'none') return null;
  return notConfiguredText(port);
}

/** Whether answers from this port are the demo's beside real systems, and so must say `(demo)`. */
export function isMixedDemo(config: Config, port: PortName): boolean {
  const adapters = Object.values(config.backends).map((backend) => backend.adapter);
  return config.backends[port].adapter === 'demo' && adapters.some((adapter) => adapter !== 'demo' && adapter !== 'none');
}

/** The port a tool draws its answer from, if any. */
export function portOf(tool: Pick<AnyTool, 'name'>): PortName | undefined {
  return TOOL_PORTS[tool.name];
}
