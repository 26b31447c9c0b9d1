import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { isKnownPattern, knownPermissions, patternMatches } from '../policies/permissions.js';
import { allTools } from '../tools/index.js';
import { metricsProblems } from '../config/metrics-checks.js';
import { pagerDutyProblems } from '../config/pagerduty-checks.js';
import { scheduleProblem } from '../config/report-schedule.js';
import { type Config, configSchema } from '../config/schema.js';
import { closestMatch, knownKeysAt } from '../config/strict-schema.js';

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
  if (!parsed.success) throw new ConfigError(parsed.error.issues.flatMap(formatIssue));
  const config = parsed.data;
  const problems: string[] = [];
  const known = knownPermissions(allTools(config), config);
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
    service.dependsOn?.forEach((other, otherIndex) => {
      if (other === service.name || !config.services.some((candidate) => candidate.name === other)) problems.push(`services[${index}].dependsOn[${otherIndex}]: ${other === service.name ? 'a service cannot depend on itself' : `unknown service "${other}"`}`);
    });
  });
  if (config.backends.deploys.adapter === 'github') {
    config.services.forEach((service, index) => {
      if (!service.repository || !/^[\w.-]+\/[\w.-]+$/.test(service.repository)) problems.push(`services[${index}].repository: backends.deploys uses github, so ${service.name} needs its repository as owner/name`);
    });
  }
  problems.push(...workloadsProblems(config));
  duplicates(config.services.map((service) => service.name)).forEach((index) => problems.push(`services[${index}].name: duplicate service "${config.services[index]!.name}"`));
  duplicates(config.teams.map((team) => team.name)).forEach((index) => problems.push(`teams[${index}].name: duplicate team "${config.teams[index]!.name}"`));
  duplicates(config.environments).forEach((index) => problems.push(`environments[${index}]: duplicate environment "${config.environments[index]}"`));
  problems.push(...pagerDutyProblems(config));
  problems.push(...metricsProblems(config));
  problems.push(...tokenProblems(config.mcp.tokens));
  problems.push(...dashboardProblems(config));
  problems.push(...reportProblems(config));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Kubernetes environments must be configured ones, and a kubernetes deploy needs each service's image. */
function workloadsProblems(config: Config): string[] {
  const problems: string[] = [];
  const workloads = config.backends.workloads;
  if (workloads.adapter === 'kubernetes') {
    for (const environment of Object.keys(workloads.environments)) {
      if (!config.environments.includes(environment)) problems.push(`backends.workloads.environments.${environment}: unknown environment (environments: ${config.environments.join(', ')})`);
    }
  }
  if (config.backends.deploys.adapter === 'kubernetes') {
    if (workloads.adapter !== 'kubernetes') problems.push('backends.deploys.adapter: kubernetes deploys need backends.workloads.adapter: kubernetes (it names the clusters and namespaces)');
    config.services.forEach((service, index) => {
      if (!service.kubernetes?.image) problems.push(`services[${index}].kubernetes.image: backends.deploys uses kubernetes, so ${service.name} needs the image a deploy tags`);
    });
  }
  return problems;
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    // A misspelt key must never vanish quietly (`approval:` would drop every approval rule): name it and its likely meaning.
    const known = knownKeysAt(configSchema, issue.path);
    return issue.keys.map((key) => {
      const close = closestMatch(key, known);
      const hint = close ? `did you mean "${close}"?` : known.length ? `keys here: ${known.join(', ')}` : 'no keys are allowed here';
      return `${formatPath([...issue.path, key])}: unknown key (${hint})`;
    });
  }
  return [`${path || '(top level)'}: ${issue.message}`];
}

/**
 * A token is one identity: the same token listed twice is at best a copy-paste slip and at worst two people
 * sharing a credential (the server could not tell them apart), so both are refused.
 */
export function tokenProblems(tokens: ReadonlyArray<{ token: string; user: string }>, described: (index: number) => string = (index) => `mcp.tokens[${index}].token`): string[] {
  const problems: string[] = [];
  tokens.forEach((entry, index) => {
    const first = tokens.findIndex((other) => other.token === entry.token);
    if (first === index) return;
    const earlier = tokens[first]!;
    problems.push(
      earlier.user === entry.user
        ? `${described(index)}: duplicate of ${described(first)} (same token, same user ${entry.user}); list each token once`
        : `${described(index)}: the same token as ${described(first)} is mapped to two users (${earlier.user} and ${entry.user}); give each user a token of their own`,
    );
  });
  return problems;
}

/** Risky but valid grants, printed by `opsbot config check`: a role that reaches everything, or every change in production. */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  for (const [role, patterns] of Object.entries(config.policies.roles)) {
    patterns.forEach((pattern, index) => {
      if (pattern === '*' || pattern === '*:*') warnings.push(`policies.roles.${role}[${index}]: "${pattern}" grants every permission, including every change in every environment`);
      else if (pattern === '*:production') warnings.push(`policies.roles.${role}[${index}]: "${pattern}" grants every kind of change in production`);
    });
  }
  // Scheduled reports run as opsbot-scheduler (workflows/report-scheduler.ts); without the grant every slot is refused.
  const schedulerPatterns = (config.policies.users['opsbot-scheduler'] ?? []).flatMap((role) => config.policies.roles[role] ?? []);
  if (config.reports.length && !schedulerPatterns.some((pattern) => patternMatches(pattern, 'read:reports'))) warnings.push('policies.users.opsbot-scheduler: scheduled reports run as opsbot-scheduler, which holds no role granting read:reports, so none will be posted');
  return warnings;
}

/** Reports: unique names, a usable cron schedule and time zone, and only configured services. */
function reportProblems(config: Config): string[] {
  const problems: string[] = [];
  const services = new Set(config.services.map((service) => service.name));
  config.reports.forEach((report, index) => {
    const problem = scheduleProblem(report.schedule, report.timezone);
    if (problem) problems.push(`reports[${index}].${problem.startsWith('unknown time zone') ? 'timezone' : 'schedule'}: ${problem}`);
    report.services?.forEach((service, serviceIndex) => {
      if (!services.has(service)) problems.push(`reports[${index}].services[${serviceIndex}]: unknown service "${service}" (services: ${[...services].join(', ')})`);
    });
  });
  duplicates(config.reports.map((report) => report.name)).forEach((index) => problems.push(`reports[${index}].name: duplicate report "${config.reports[index]!.name}"`));
  return problems;
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
