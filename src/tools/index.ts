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
import { isMixedDemo, portsOf, withheldReason } from './tool-ports.js';
import { podLogsTool, podsTool, workloadDescribeTool } from './workloads.js';
import { restartTool, rolloutUndoTool, scaleTool } from './workload-changes.js';

/** The tools offered under this config: every tool whose port is configured, the demo's answers marked beside real ones. */
export function builtinTools(config: Config): AnyTool[] {
  return allTools(config)
    .filter((tool) => withheldReason(tool, config) === null)
    .map((tool) => {
      // Marked when the demo is all it answers from; a tool also reading a real system marks its demo parts itself (status).
      const ports = portsOf(tool).filter((port) => config.backends[port].adapter !== 'none');
      return ports.length && ports.every((port) => isMixedDemo(config, port)) ? markedDemo(tool) : tool;
    });
}

/** Tools not offered under this config, with the sentence that says why (the router and gateway answer with it). */
export function withheldTools(config: Config): Map<string, string> {
  const withheld = new Map<string, string>();
  for (const tool of allTools(config)) {
    const reason = withheldReason(tool, config);
    if (reason) withheld.set(tool.name, reason);
  }
  return withheld;
}

/** Every tool opsbot has, configured or not (permissions and command words are known whatever the backends). */
export function allTools(config: Config): AnyTool[] {
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
    podsTool(catalog),
    workloadDescribeTool(catalog),
    podLogsTool(catalog),
    scaleTool(catalog),
    restartTool(catalog),
    rolloutUndoTool(catalog),
    // Only where the paging provider can acknowledge and resolve (PagerDuty); the demo has no such notion.
    ...(config.backends.paging.adapter === 'pagerduty' ? [pageRespondTool()] : []),
  ];
}

export function createRegistry(config: Config): ToolRegistry {
  return new ToolRegistry(builtinTools(config), withheldTools(config));
}

/** A tool answering from the demo beside real systems: its text starts `(demo)` and its data says so. */
function markedDemo(tool: AnyTool): AnyTool {
  return {
    ...tool,
    async run(args, context) {
      const result = await tool.run(args, context);
      return { text: `(demo) ${result.text}`, data: { ...result.data, demo: true } };
    },
  };
}
