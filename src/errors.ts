/** Base class for programmer and infrastructure faults: a string `code` lets each front end's error sink react without parsing messages. */
export class OpsbotError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpsbotError';
  }
}

/** A backend said no in a way a person should read (bad service name, deploy refused): becomes a tool result, not a crash. */
export class ToolFailure extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ToolFailure';
  }
}

/** A mutation whose effect cannot be confirmed either way (a deploy whose statuses stopped arriving): its action ends as outcome_unknown. */
export class OutcomeUnknown extends ToolFailure {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
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
