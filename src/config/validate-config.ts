import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { isKnownPattern, knownPermissions } from '../policies/permissions.js';
import { builtinTools } from '../tools/index.js';
import { type Config, configSchema } from './schema.js';

/** `policies.roles.lead[2]` from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${String(segment)}` : String(segment)), '');
}

/**
 * Parses and cross-checks a configuration. Every problem is reported with its exact path, so
 * `deploy:prod` (a typo that would silently grant nothing) is an error, not a surprise in an incident.
 */
export function validateConfig(input: unknown): Config {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(formatIssue));
  const config = parsed.data;
  const problems: string[] = [];
  const known = knownPermissions(builtinTools(config), config);
  const roles = new Set(Object.keys(config.policies.roles));
  const teams = new Set(config.teams.map((team) => team.name));

  for (const [role, patterns] of Object.entries(config.policies.roles)) {
    patterns.forEach((pattern, index) => {
      if (!isKnownPattern(pattern, known)) problems.push(`policies.roles.${role}[${index}]: unknown permission "${pattern}"${suggest(pattern, known)}`);
    });
  }
  for (const section of ['users', 'groups'] as const) {
    for (const [subject, assigned] of Object.entries(config.policies[section])) {
      assigned.forEach((role, index) => {
        if (!roles.has(role)) problems.push(`policies.${section}.${subject}[${index}]: unknown role "${role}" (roles: ${[...roles].join(', ')})`);
      });
    }
  }
  config.policies.approvals.forEach((rule, ruleIndex) => {
    rule.when.forEach((pattern, index) => {
      if (!isKnownPattern(pattern, known)) problems.push(`policies.approvals[${ruleIndex}].when[${index}]: unknown permission "${pattern}"${suggest(pattern, known)}`);
    });
    rule.approvers.forEach((role, index) => {
      if (!roles.has(role)) problems.push(`policies.approvals[${ruleIndex}].approvers[${index}]: unknown role "${role}"`);
    });
  });
  config.services.forEach((service, index) => {
    if (!teams.has(service.team)) problems.push(`services[${index}].team: unknown team "${service.team}" (teams: ${[...teams].join(', ')})`);
  });
  duplicates(config.services.map((service) => service.name)).forEach((index) => problems.push(`services[${index}].name: duplicate service "${config.services[index]!.name}"`));
  duplicates(config.teams.map((team) => team.name)).forEach((index) => problems.push(`teams[${index}].name: duplicate team "${config.teams[index]!.name}"`));
  duplicates(config.environments).forEach((index) => problems.push(`environments[${index}]: duplicate environment "${config.environments[index]}"`));
  problems.push(...dashboardProblems(config));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  return `${path || '(top level)'}: ${issue.message}`;
}

/** Dashboard panels name only configured services and environments; dashboard names are unique. */
function dashboardProblems(config: Config): string[] {
  const problems: string[] = [];
  const services = new Set(config.services.map((service) => service.name));
  config.dashboards.forEach((dashboard, index) => {
    dashboard.panels.forEach((panel, panelIndex) => {
      const path = `dashboards[${index}].panels[${panelIndex}]`;
      panel.services?.forEach((service, serviceIndex) => {
        if (!services.has(service)) problems.push(`${path}.services[${serviceIndex}]: unknown service "${service}" (services: ${[...services].join(', ')})`);
      });
      if (panel.environment && !config.environments.includes(panel.environment)) problems.push(`${path}.environment: unknown environment "${panel.environment}"`);
    });
  });
  duplicates(config.dashboards.map((dashboard) => dashboard.name)).forEach((index) => problems.push(`dashboards[${index}].name: duplicate dashboard "${config.dashboards[index]!.name}"`));
  return problems;
}

function duplicates(values: string[]): number[] {
  return values.flatMap((value, index) => (values.indexOf(value) !== index ? [index] : []));
}

function suggest(pattern: string, known: Map<string, Set<string>>): string {
  const [verb, scope] = pattern.split(':');
  const scopes = verb ? known.get(verb) : undefined;
  if (!scopes) return ` (verbs: ${[...known.keys()].join(', ')})`;
  const close = [...scopes].find((candidate) => scope && (candidate.startsWith(scope) || scope.startsWith(candidate)));
  return close ? ` (did you mean "${verb}:${close}"?)` : ` (${verb} scopes: ${[...scopes].join(', ')}, *)`;
}
