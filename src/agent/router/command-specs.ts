import type { CommandName } from './parsed-command.js';

/** One form of a command: the tool it calls, how to type it (chat and slash alike), and what it is for. */
export interface CommandSpec {
  command: CommandName;
  tool: string;
  usage: string;
  summary: string;
}

/**
 * Every command form the router understands, in help order. Usage lines start with their command word so the
 * same line works typed in chat ("deploy …") and as a slash command ("/deploy …").
 */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  { command: 'status', tool: 'service_status', usage: 'status [SERVICE] [ENVIRONMENT]', summary: `health and running version; all services when none is named ("what's deployed in production?")` },
  { command: 'status', tool: 'service_metrics', usage: 'status SERVICE load [ENVIRONMENT] [15m|1h|6h|24h]', summary: `request rate, CPU, latency and errors ("how's frontend load?")` },
  { command: 'status', tool: 'status_watch', usage: 'status stalk SERVICE | status unstalk SERVICE | status watches', summary: 'tell me here when a service status changes' },
  { command: 'dashboard', tool: 'dashboard', usage: 'dashboard NAME [1h|6h|24h]', summary: 'a configured dashboard as one chart ("show me the checkout dashboard")' },
  { command: 'deploy', tool: 'deploy', usage: 'deploy SERVICE VERSION to ENVIRONMENT', summary: 'propose a deploy; a person with the right role confirms it' },
  { command: 'deploy', tool: 'deploy_history', usage: 'deploy history SERVICE [ENVIRONMENT]', summary: 'recent deploys and rollbacks ("deploys frontend")' },
  { command: 'rollback', tool: 'rollback', usage: 'rollback SERVICE in ENVIRONMENT [to VERSION]', summary: 'propose a rollback to the previous good version' },
  { command: 'oncall', tool: 'oncall', usage: 'oncall [TEAM|SERVICE]', summary: `who is on call ("who is on call for payments?")` },
  { command: 'ic', tool: 'oncall', usage: 'ic | ic responders | ic who NAME', summary: 'incident commander, all responders, or one person\'s contact ("!ic who Sam")' },
  { command: 'page', tool: 'page', usage: 'page PERSON MESSAGE | page team TEAM MESSAGE | page ic MESSAGE', summary: 'page someone (confirmed first; "!ic page MESSAGE" pages the IC)' },
  { command: 'incident', tool: 'incident_list', usage: 'incident list [all] | incident show INC-ID', summary: 'open incidents, or one with its timeline ("incidents")' },
  { command: 'incident', tool: 'incident_declare', usage: 'incident declare "TITLE" [severity:low|medium|high|critical]', summary: 'declare an incident (e.g. declare incident "auth 5xx" severity:high)' },
  { command: 'incident', tool: 'incident_update', usage: 'incident update INC-ID [status:STATUS] [severity:LEVEL] [owner:USER] [NOTE]', summary: 'change status, severity or owner, or add a note' },
  { command: 'incident', tool: 'incident_resolve', usage: 'incident resolve INC-ID [NOTE]', summary: 'resolve an incident ("resolve incident INC-2026-0001")' },
  { command: 'alerts', tool: 'alerts_list', usage: 'alerts [SERVICE] [ENVIRONMENT] [all]', summary: 'alerts firing now (all: include silenced)' },
  { command: 'alerts', tool: 'alert_silence', usage: 'alerts silence ALERT [SERVICE] DURATION REASON', summary: 'silence an alert ("silence HighErrorRate frontend 30m flapping")' },
  { command: 'alerts', tool: 'alert_unsilence', usage: 'alerts unsilence ALERT [SERVICE] | alerts unsilence SILENCE-ID', summary: 'end a silence early ("unsilence HighErrorRate api")' },
  { command: 'runbook', tool: 'runbook', usage: 'runbook ALERT|SERVICE', summary: 'runbook steps for an alert or a service' },
  { command: 'release', tool: 'release_prepare', usage: 'release prepare [VERSION]', summary: 'release branch and release PR' },
  { command: 'release', tool: 'release_publish', usage: 'release publish VERSION', summary: 'tag and publish a prepared release' },
  { command: 'audit', tool: 'audit_search', usage: 'audit [USER|TOOL|ACTION-ID|TEXT]', summary: 'who did what, from the audit log' },
  { command: 'action', tool: 'action_status', usage: 'action ACTION-ID', summary: 'state and outcome of a proposed action' },
];

/** The usage line for the form of a command that calls `tool` (several when a tool has several forms). */
export function usageOfTool(tool: string): string | undefined {
  const lines = COMMAND_SPECS.filter((spec) => spec.tool === tool).map((spec) => spec.usage);
  return lines.length ? lines.join(' | ') : undefined;
}

/**
 * One usage line per command, for slash commands and "invalid" replies: `usage('/deploy')` gives
 * `Usage: /deploy SERVICE VERSION to ENVIRONMENT | /deploy history SERVICE [ENVIRONMENT]`.
 */
export function usage(command: string): string {
  const slash = command.startsWith('/');
  const name = command.replace(/^[/!]/, '').toLowerCase();
  const lines = COMMAND_SPECS.filter((spec) => spec.command === name).flatMap((spec) => spec.usage.split(' | '));
  if (!lines.length) return `Unknown command "${command}". Commands: ${[...new Set(COMMAND_SPECS.map((spec) => spec.command))].join(', ')}.`;
  return `Usage: ${lines.map((line) => (slash ? `/${line}` : line)).join(' | ')}`;
}
