import type { Config } from '../../config/schema.js';
import { BACKEND_PORTS, isRealAdapter } from '../../config/schema.js';
import { registerSecret } from '../../util/redact.js';
import { alertmanagerChecks } from './alertmanager-doctor.js';
import type { DoctorCheck, DoctorReport } from './doctor-report.js';
import { githubChecks } from './github-doctor.js';
import { pagerDutyChecks } from './pagerduty-doctor.js';
import { prometheusChecks } from './prometheus-doctor.js';
import { slackChecks } from './slack-doctor.js';

/** What a doctor run needs: the config, the environment its secrets come from, and the clock queries are evaluated at. */
export interface DoctorOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
}

/**
 * `opsbot doctor`: probes every configured backend with real requests (each bounded by its own timeout) and says
 * what it found and what to change. Secrets are read from the environment and never printed: a missing one is named
 * by its variable.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { config, env } = options;
  const now = (options.now ?? (() => new Date()))();
  const checks: DoctorCheck[] = [portsCheck(config)];
  const metrics = config.backends.metrics;
  if (metrics.adapter === 'prometheus') {
    const token = secret(env, metrics.token);
    checks.push(...(token.missing ? [missingSecret('prometheus', 'backends.metrics.token', token.missing)] : await prometheusChecks(config, metrics, token.value, now)));
  }
  const alerts = config.backends.alerts;
  if (alerts.adapter === 'alertmanager') {
    const token = secret(env, alerts.token);
    checks.push(...(token.missing ? [missingSecret('alertmanager', 'backends.alerts.token', token.missing)] : await alertmanagerChecks(config, alerts, token.value)));
  }
  checks.push(...(await pagerDutyChecks(config, env)));
  checks.push(...(await githubChecks(config, env)));
  checks.push(...(await slackChecks(config, env)));
  return { usable: checks.every((check) => check.status !== 'problem'), checks };
}

/** Which adapter serves each port: the demo is named as such, and a port set to none is not configured. */
function portsCheck(config: Config): DoctorCheck {
  const by = (adapter: (name: string) => boolean) => BACKEND_PORTS.filter((port) => adapter(config.backends[port].adapter));
  const real = by(isRealAdapter);
  const demo = by((name) => name === 'demo');
  const none = by((name) => name === 'none');
  const found = [
    `real: ${real.map((port) => `${port} (${config.backends[port].adapter})`).join(', ') || 'none'}`,
    ...(demo.length ? [`demo (simulated, marked as such beside real systems): ${demo.join(', ')}`] : []),
    ...(none.length ? [`not configured (their tools are not offered): ${none.join(', ')}`] : []),
  ];
  return { system: 'opsbot', subject: 'backends', status: 'ok', found, suggestions: [] };
}

function secret(env: NodeJS.ProcessEnv, reference: string | undefined): { value?: string; missing?: string } {
  if (!reference) return {};
  const name = reference.slice('env:'.length);
  const value = env[name];
  if (!value) return { missing: name };
  registerSecret(value);
  return { value };
}

function missingSecret(system: string, path: string, variable: string): DoctorCheck {
  return { system, subject: path, status: 'problem', found: [`${path} names ${variable}, which is not set in the environment`], suggestions: [`export ${variable}=… before starting opsbot`] };
}
