/**
 * What a tool is about, so the agent can offer a model only the tools a request needs (src/agent/groups) and the
 * prompt stays small however many tools exist. A new capability adds its group here: the label is what
 * `more_tools` shows the model, so it names the things a person would ask for.
 */
export const TOOL_GROUPS = {
  status: 'status & metrics of services, status watches',
  deploys: 'deploys: history, deploy, rollback, deploy locks',
  oncall: 'on-call, paging & incidents',
  alerts: 'alerts, silences & runbooks',
  releases: 'product releases',
  kubernetes: 'Kubernetes workloads',
  reports: 'reports, audit log & pending actions',
  dashboards: 'dashboards & charts',
} as const;

export type ToolGroup = keyof typeof TOOL_GROUPS;

export const TOOL_GROUP_NAMES = Object.keys(TOOL_GROUPS) as ToolGroup[];
