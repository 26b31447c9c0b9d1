import type { Config } from '../config/schema.js';
import { alertSilenceTool, alertsListTool, runbookTool } from './alerts.js';
import { alertUnsilenceTool } from './alert-unsilence.js';
import { catalogOf } from './catalog.js';
import type { AnyTool } from './define-tool.js';
import { dashboardTool } from './dashboard.js';
import { deployLockTool, deployUnlockTool } from './deploy-locks.js';
import { deployHistoryTool, deployTool, rollbackTool } from './deploys.js';
import { incidentNoteTool, incidentTimelineTool } from './incident-timeline.js';
import { incidentPostmortemTool, postmortemPublishTool } from './postmortem.js';
import { incidentDeclareTool, incidentListTool, incidentResolveTool, incidentUpdateTool } from './incidents.js';
import { serviceMetricsTool } from './metrics.js';
import { onCallTool } from './oncall.js';
import { pageTool } from './page.js';
import { pageRespondTool } from './page-respond.js';
import { actionStatusTool, auditSearchTool } from './records.js';
import { reportListTool, reportRunTool } from './reports.js';
import { releasePrepareTool, releasePublishTool } from './releases.js';
import { serviceStatusTool } from './status.js';
import { statusWatchTool } from './status-watch.js';
import { ToolRegistry } from './registry.js';

/** Every tool opsbot has, with schemas built from the configured services, environments and teams. */
export function builtinTools(config: Config): AnyTool[] {
  const catalog = catalogOf(config);
  return [
    serviceStatusTool(catalog),
    serviceMetricsTool(catalog),
    dashboardTool(catalog),
    deployHistoryTool(catalog),
    deployTool(catalog),
    rollbackTool(catalog),
    deployLockTool(catalog),
    deployUnlockTool(catalog),
    onCallTool(catalog),
    pageTool(catalog),
    alertsListTool(catalog),
    alertSilenceTool(catalog),
    alertUnsilenceTool(catalog),
    runbookTool(),
    incidentDeclareTool(catalog),
    incidentUpdateTool(),
    incidentResolveTool(),
    incidentListTool(),
    incidentNoteTool(),
    incidentTimelineTool(),
    incidentPostmortemTool(),
    // Only where a repository for postmortems is configured.
    ...(config.incidents.postmortems ? [postmortemPublishTool(config.incidents.postmortems)] : []),
    statusWatchTool(catalog),
    releasePrepareTool(),
    releasePublishTool(),
    auditSearchTool(),
    // Only with reports configured: a tool with nothing to run would cost prompt for nothing.
    ...(config.reports.length ? [reportRunTool(config), reportListTool()] : []),
    actionStatusTool(),
    // Only where the paging provider can acknowledge and resolve (PagerDuty); the demo has no such notion.
    ...(config.backends.paging.adapter === 'pagerduty' ? [pageRespondTool()] : []),
  ];
}

export function createRegistry(config: Config): ToolRegistry {
  return new ToolRegistry(builtinTools(config));
}
