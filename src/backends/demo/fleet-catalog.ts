import type { Config, Service } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';

// Names people commonly type for environments; only used when the canonical name is configured.
const ENVIRONMENT_ALIASES: Record<string, string> = { prod: 'production', prd: 'production', stage: 'staging', stg: 'staging', dev: 'development' };

/** The configured service by (case-insensitive) name; ToolFailure listing the known services otherwise. */
export function resolveService(config: Config, name: string): Service {
  const wanted = name.trim().toLowerCase();
  const service = config.services.find((entry) => entry.name === wanted);
  if (!service) throw new ToolFailure(`Unknown service "${name}". Known services: ${config.services.map((entry) => entry.name).join(', ')}.`);
  return service;
}

/** The configured environment by (case-insensitive) name or common alias; ToolFailure listing the known ones otherwise. */
export function resolveEnvironment(config: Config, name: string): string {
  const wanted = name.trim().toLowerCase();
  if (config.environments.includes(wanted)) return wanted;
  const alias = ENVIRONMENT_ALIASES[wanted];
  if (alias && config.environments.includes(alias)) return alias;
  throw new ToolFailure(`Unknown environment "${name}". Known environments: ${config.environments.join(', ')}.`);
}

/** The environment that matters most: production when configured, else the last one listed. */
export function primaryEnvironment(config: Config): string {
  return config.environments.includes('production') ? 'production' : config.environments[config.environments.length - 1]!;
}
