/** Every code an OpsbotError carries; front ends' error sinks switch on these, so a new one is added here first. */
export type OpsbotErrorCode =
  | 'usage' // a command line a person should correct (exit 2)
  | 'config_invalid' // opsbot.yaml or the environment does not validate (ConfigError)
  | 'denied' // the CLI was refused by policy
  | 'not_pending' // the CLI found the action already handled, expired or unknown
  | 'action_failed' // a confirmed action ran and failed
  | 'audit_broken' // the audit chain does not verify
  | 'audit_head_missing' // the audit head a checkpoint names is gone
  | 'conversation_contended' // conversation memory kept changing under concurrent writers
  | 'duplicate_tool' // two tools registered under one name (a programming error)
  | 'mcp_listen_failed' // the MCP HTTP server could not listen
  | 'slack_port_invalid' // the Slack HTTP port is not a port
  | 'store_migration_failed' // the database could not be migrated
  | 'pagerduty_unavailable' // PagerDuty could not be reached or would not serve us (PagerDutyUnavailable)
  | 'not_done'; // the CLI asked for something that did not happen (`opsbot chart` got no chart)

/** Base class for programmer and infrastructure faults: a typed `code` lets each front end's error sink react without parsing messages. */
export class OpsbotError extends Error {
  constructor(
    readonly code: OpsbotErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpsbotError';
  }
}

/** Why a tool call could not do what was asked, for clients that branch on it rather than on the words. */
export type ToolFailureCode =
  | 'refused' // the backend (or the tool) said no to this request: a bad name, a deploy in progress, a lock
  | 'outcome_unknown'; // the effect may or may not have happened (OutcomeUnknown)

/** A backend said no in a way a person should read (bad service name, deploy refused): becomes a tool result, not a crash. */
export class ToolFailure extends Error {
  readonly code: ToolFailureCode;

  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
    code: ToolFailureCode = 'refused',
  ) {
    super(message);
    this.name = 'ToolFailure';
    this.code = code;
  }
}

/** A mutation whose effect cannot be confirmed either way (a deploy whose statuses stopped arriving): its action ends as outcome_unknown. */
export class OutcomeUnknown extends ToolFailure {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details, 'outcome_unknown');
    this.name = 'OutcomeUnknown';
  }
}

/** A configuration file that does not validate; `issues` name exact paths like `policies.roles.lead[2]`. */
export class ConfigError extends OpsbotError {
  constructor(readonly issues: string[]) {
    super('config_invalid', `invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}
