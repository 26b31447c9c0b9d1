import type { PortName } from '../backends/backends.js';
import { notConfiguredText } from '../backends/unconfigured.js';
import { type Config, isRealAdapter } from '../config/schema.js';
import type { AnyTool } from './define-tool.js';

/**
 * The port each tool cannot answer without. A tool whose port is `none` is not offered (help, the model's tools, MCP
 * tools/list): asking for it gets "not configured", never the demo's made-up data (DESIGN §8). Tools not listed
 * read only opsbot's own records.
 */
const TOOL_PORTS: Readonly<Record<string, PortName | readonly PortName[]>> = {
  service_status: 'metrics',
  service_metrics: 'metrics',
  // Grafana's own dashboards need no metrics backend; those written in the config draw from it.
  dashboard: ['dashboards', 'metrics'],
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
  // Either: an alert may carry its own runbook_url.
  runbook: ['runbooks', 'alerts'],
  incident_declare: 'incidents',
  incident_update: 'incidents',
  incident_resolve: 'incidents',
  incident_list: 'incidents',
  incident_note: 'incidents',
  incident_timeline: 'incidents',
  incident_postmortem: 'incidents',
  postmortem_publish: ['incidents', 'releases'],
  release_prepare: 'releases',
  release_publish: 'releases',
  pods: 'workloads',
  workload_describe: 'workloads',
  pod_logs: 'workloads',
  scale: 'workloads',
  restart: 'workloads',
  rollout_undo: 'workloads',
};

/** Why a tool is not offered under this config (every port it can answer from is `none`), or null when it is. */
export function withheldReason(tool: Pick<AnyTool, 'name'>, config: Config): string | null {
  const ports = portsOf(tool);
  if (!ports.length || ports.some((port) => config.backends[port].adapter !== 'none')) return null;
  return notConfiguredText(ports[0]!);
}

/** Whether answers from this port are the demo's beside real systems, and so must say `(demo)`. */
export function isMixedDemo(config: Config, port: PortName): boolean {
  const adapters = Object.values(config.backends).map((backend) => backend.adapter);
  return config.backends[port].adapter === 'demo' && adapters.some(isRealAdapter);
}

/** The ports a tool draws its answer from (none for opsbot's own records). */
export function portsOf(tool: Pick<AnyTool, 'name'>): readonly PortName[] {
  const ports = TOOL_PORTS[tool.name];
  return ports === undefined ? [] : typeof ports === 'string' ? [ports] : ports;
}
