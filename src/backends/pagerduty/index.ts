import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { DemoIncidents } from '../demo/demo-incidents.js';
import type { Backends } from '../backends.js';
import { PagerDutyClient, type PagerDutyClientOptions } from './pagerduty-client.js';
import { PagerDutyIncidents } from './pagerduty-incidents.js';
import { PagerDutyOnCall } from './pagerduty-oncall.js';
import { PagerDutyDirectory } from './pagerduty-people.js';
import { PagerDutyPaging } from './pagerduty-paging.js';

export { PagerDutyClient, PagerDutyDirectory, PagerDutyIncidents, PagerDutyOnCall, PagerDutyPaging };

/** The ports configured with `adapter: pagerduty`, sharing one client and one people directory. */
export function createPagerDutyBackends(options: { config: Config; env: NodeJS.ProcessEnv; kv: KvRepository; now: () => Date; client?: Partial<PagerDutyClientOptions> }): Partial<Pick<Backends, 'oncall' | 'paging' | 'incidents'>> {
  const { config, env, kv, now } = options;
  const settings = config.pagerduty;
  if (!settings) throw new ConfigError(['pagerduty: the pagerduty adapters need this section (token: env:PAGERDUTY_TOKEN, from)']);
  const variable = settings.token.slice('env:'.length);
  const token = env[variable];
  if (!token) throw new ConfigError([`pagerduty.token: ${variable} is not set in the environment`]);
  const client = new PagerDutyClient({ token, apiUrl: settings.apiUrl, timeoutMs: settings.timeoutSeconds * 1000, ...options.client });
  const directory = new PagerDutyDirectory(client, config, now);
  const { oncall, paging, incidents } = config.backends;
  const backends: Partial<Pick<Backends, 'oncall' | 'paging' | 'incidents'>> = {};
  if (oncall.adapter === 'pagerduty') backends.oncall = new PagerDutyOnCall(client, directory, config, now);
  if (paging.adapter === 'pagerduty') backends.paging = new PagerDutyPaging(client, directory, paging.service);
  if (incidents.adapter === 'pagerduty') {
    const records = new DemoIncidents({ kv, config, now });
    backends.incidents = new PagerDutyIncidents(records, client, directory, kv, { service: incidents.service, severities: incidents.severities });
  }
  return backends;
}
