import { PagerDutyClient } from '../../backends/pagerduty/pagerduty-client.js';
import type { Config } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import { registerSecret } from '../../util/redact.js';
import type { DoctorCheck } from './doctor-report.js';

/** What config names in PagerDuty, by the REST path that reads it and the config path that names it. */
interface Named {
  kind: 'services' | 'escalation_policies' | 'schedules';
  id: string;
  path: string;
}

/**
 * PagerDuty as the on-call, paging and incidents adapters will use it: the API key accepted, and every service,
 * escalation policy and schedule the config names existing in the account. Each request is bounded by
 * pagerduty.timeoutSeconds; the key is never printed.
 */
export async function pagerDutyChecks(config: Config, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const { oncall, paging, incidents } = config.backends;
  if (![oncall, paging, incidents].some((port) => port.adapter === 'pagerduty') || !config.pagerduty) return [];
  const variable = config.pagerduty.token.slice('env:'.length);
  const token = env[variable];
  if (!token) return [{ system: 'pagerduty', subject: 'pagerduty.token', status: 'problem', found: [`pagerduty.token names ${variable}, which is not set in the environment`], suggestions: [`export ${variable}=… (a REST API key)`] }];
  registerSecret(token);
  const client = new PagerDutyClient({ token, apiUrl: config.pagerduty.apiUrl, timeoutMs: config.pagerduty.timeoutSeconds * 1000, rateLimitRetries: 0, serverRetries: 0 });
  const named: Named[] = [
    ...(paging.adapter === 'pagerduty' ? [{ kind: 'services' as const, id: paging.service, path: 'backends.paging.service' }] : []),
    ...(incidents.adapter === 'pagerduty' ? [{ kind: 'services' as const, id: incidents.service, path: 'backends.incidents.service' }] : []),
    ...config.teams.flatMap((team, index) => [
      ...(team.pagerduty ? [{ kind: 'escalation_policies' as const, id: team.pagerduty.escalationPolicy, path: `teams[${index}].pagerduty.escalationPolicy` }] : []),
      ...(team.pagerduty?.shadowSchedule ? [{ kind: 'schedules' as const, id: team.pagerduty.shadowSchedule, path: `teams[${index}].pagerduty.shadowSchedule` }] : []),
    ]),
    ...(config.incidentCommander.pagerduty ? [{ kind: 'schedules' as const, id: config.incidentCommander.pagerduty.schedule, path: 'incidentCommander.pagerduty.schedule' }] : []),
  ];
  const found: string[] = [];
  const missing: string[] = [];
  try {
    // Any authenticated read tells whether the key is accepted, even when config names nothing.
    await client.get('/users', { limit: 1 }, 'check the API key');
    for (const entry of named) {
      try {
        const body = await client.get<Record<string, { name?: string }>>(`/${entry.kind}/${entry.id}`, {}, `read ${entry.kind.replace('_', ' ')} ${entry.id}`);
        found.push(`${entry.path}: ${entry.id} exists (${Object.values(body)[0]?.name ?? entry.id})`);
      } catch (error) {
        if (!(error instanceof ToolFailure && error.details?.status === 404)) throw error;
        missing.push(`${entry.path}: ${entry.id} does not exist in this PagerDuty account`);
      }
    }
  } catch (error) {
    return [{ system: 'pagerduty', subject: config.pagerduty.apiUrl, status: 'problem', found: [error instanceof Error ? error.message : String(error)], suggestions: [] }];
  }
  return [{ system: 'pagerduty', subject: config.pagerduty.apiUrl, status: missing.length ? 'problem' : 'ok', found: ['API key accepted', ...found, ...missing], suggestions: missing.length ? ['use the ids shown in PagerDuty (the P… in each object\'s URL)'] : [] }];
}
