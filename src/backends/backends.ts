import type { DeployClaimsPort } from '../store/deploy-claims.js';
import type { DeployLocksPort } from '../store/deploy-locks.js';
import type { RecordsPort } from '../store/records.js';
import type { WatchesPort } from '../store/watches.js';
import type { AlertsPort } from './ports/alerts.js';
import type { DashboardsPort } from './ports/dashboards.js';
import type { DeploysPort } from './ports/deploys.js';
import type { IncidentsPort } from './ports/incidents.js';
import type { MetricsPort } from './ports/metrics.js';
import type { OnCallPort } from './ports/oncall.js';
import type { PagingPort } from './ports/paging.js';
import type { ReleasesPort } from './ports/releases.js';
import type { RunbooksPort } from './ports/runbooks.js';
import type { WorkloadsPort } from './ports/workloads.js';
import type { WriterPort } from './ports/writer.js';

/** The external systems, one port per capability (./ports), each served by the adapter `backends.<port>.adapter` names. */
export interface ExternalBackends {
  deploys: DeploysPort;
  metrics: MetricsPort;
  alerts: AlertsPort;
  runbooks: RunbooksPort;
  oncall: OnCallPort;
  paging: PagingPort;
  incidents: IncidentsPort;
  releases: ReleasesPort;
  workloads: WorkloadsPort;
  dashboards: DashboardsPort;
}

/** A capability that can be switched to a real adapter in config. */
export type PortName = keyof ExternalBackends;

/** Every port a tool may use, handed to it through ToolContext: the external systems and opsbot's own records in the store. */
export interface Backends extends ExternalBackends {
  records: RecordsPort;
  locks: DeployLocksPort;
  /** One deploy per service and environment across replicas, whichever deploys adapter runs it. */
  deployClaims: DeployClaimsPort;
  watches: WatchesPort;
  /** A language model that writes prose from data (postmortem narratives); absent without one. */
  writer?: WriterPort;
}
