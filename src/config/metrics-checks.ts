import type { Config } from './schema.js';

/** Cross-field checks of `backends.metrics`: environments it names exist, and every environment can reach a Prometheus. */
export function metricsProblems(config: Config): string[] {
  const metrics = config.backends.metrics;
  if (metrics.adapter !== 'prometheus') return [];
  const problems: string[] = [];
  for (const environment of Object.keys(metrics.environments)) {
    if (!config.environments.includes(environment)) problems.push(`backends.metrics.environments.${environment}: unknown environment (environments: ${config.environments.join(', ')})`);
  }
  if (!metrics.url) {
    const unreachable = config.environments.filter((environment) => !metrics.environments[environment]?.url);
    if (unreachable.length) problems.push(`backends.metrics.url: required unless every environment has its own url (none for ${unreachable.join(', ')})`);
  }
  return problems;
}
