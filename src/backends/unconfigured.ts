import { ToolFailure } from '../errors.js';
import type { ExternalBackends, PortName } from './backends.js';

/** What each port does, in the words of an answer that cannot give it. */
const CAPABILITY: Record<PortName, string> = {
  releases: 'Releases are',
  metrics: 'Metrics are',
  alerts: 'Alerts are',
  runbooks: 'Runbooks are',
  oncall: 'On-call is',
  paging: 'Paging is',
  incidents: 'Incident management is',
  deploys: 'Deploys are',
  workloads: 'Kubernetes workloads are',
  dashboards: 'Dashboards are',
};

// The methods each port has; an optional method (paging.respond, metrics.query) is left absent, as an adapter without it would.
const METHODS: Record<PortName, readonly string[]> = {
  releases: ['prepare', 'publish', 'latest'],
  metrics: ['status', 'snapshot', 'series'],
  alerts: ['list', 'silence', 'knownAlert', 'activeSilences', 'unsilence'],
  runbooks: ['find', 'list'],
  oncall: ['team', 'incidentCommander', 'responders', 'person'],
  paging: ['page', 'history'],
  incidents: ['declare', 'update', 'resolve', 'get', 'list'],
  deploys: ['current', 'history', 'get', 'preflight', 'deploy', 'rollback'],
  workloads: ['pods', 'workload', 'events', 'logs', 'previousRevision', 'scale', 'restart', 'undo', 'setImage', 'watchPods'],
  dashboards: ['list', 'find'],
};

/** The sentence an answer gives for a port configured as `none`. */
export function notConfiguredText(port: PortName): string {
  return `${CAPABILITY[port]} not configured here (backends.${port}).`;
}

/**
 * The adapter of a port set to `none` (or left out beside a real one): every call is a readable refusal, never
 * made-up data (DESIGN §8). Its tools are not offered either (src/tools/tool-ports.ts); this covers the paths that
 * still reach the port, such as a status answer asking for a version.
 */
export function unconfiguredPort<P extends PortName>(port: P): ExternalBackends[P] {
  const refuse = async () => {
    throw new ToolFailure(notConfiguredText(port), { notConfigured: port });
  };
  const methods: Record<string, unknown> = Object.fromEntries(METHODS[port].map((method) => [method, refuse]));
  // No runbooks is an empty library: the runbook tool still answers from an alert's own runbook_url.
  if (port === 'runbooks') Object.assign(methods, { find: async () => null, list: async () => [] });
  // No cluster configured is no namespace opsbot may touch.
  if (port === 'workloads') Object.assign(methods, { namespaces: () => ({}) });
  return methods as unknown as ExternalBackends[P];
}
