import type { Config } from '../../config/schema.js';
import { KvRepository } from '../../store/kv-repository.js';
import type { Store } from '../../store/open-store.js';
import type { ExternalBackends } from '../backends.js';
import { ConfigDashboards } from '../config-dashboards.js';
import { DemoAlerts } from './demo-alerts.js';
import type { DemoContext } from './demo-context.js';
import { DemoDeploys } from './demo-deploys.js';
import { DemoIncidents } from './demo-incidents.js';
import { DemoMetrics } from './demo-metrics.js';
import { DemoOnCall } from './demo-oncall.js';
import { DemoPaging } from './demo-paging.js';
import { DemoReleases } from './demo-releases.js';
import { DemoRunbooks } from './demo-runbooks.js';
import { DemoWorkloads } from './demo-workloads.js';

export { DemoAlerts, DemoDeploys, DemoIncidents, DemoMetrics, DemoOnCall, DemoPaging, DemoReleases, DemoRunbooks, DemoWorkloads };

/** The demo adapters with their concrete types, so tests and the demo can reach helpers such as `releases.addMergedPull`. */
export interface DemoBackends extends ExternalBackends {
  deploys: DemoDeploys;
  metrics: DemoMetrics;
  alerts: DemoAlerts;
  runbooks: DemoRunbooks;
  oncall: DemoOnCall;
  paging: DemoPaging;
  incidents: DemoIncidents;
  releases: DemoReleases;
  workloads: DemoWorkloads;
  dashboards: ConfigDashboards;
}

/** Every external port, backed by a simulated fleet persisted in the store (seeded on first use). */
export function createDemoBackends(options: { store: Store; config: Config; now?: () => Date }): DemoBackends {
  const now = options.now ?? (() => new Date());
  const context: DemoContext = { kv: new KvRepository(options.store), config: options.config, now };
  const deploys = new DemoDeploys(context);
  const metrics = new DemoMetrics(context, deploys);
  return {
    deploys,
    metrics,
    alerts: new DemoAlerts(context, metrics),
    runbooks: new DemoRunbooks(),
    oncall: new DemoOnCall(context),
    paging: new DemoPaging(context),
    incidents: new DemoIncidents(context),
    releases: new DemoReleases(context),
    workloads: new DemoWorkloads(context),
    // The dashboards written in the config, which the demo fleet draws like any other metrics backend.
    dashboards: new ConfigDashboards(options.config.dashboards),
  };
}
