import { AlertmanagerAlerts } from '../../backends/alertmanager/alertmanager-alerts.js';
import { AlertmanagerClient } from '../../backends/alertmanager/alertmanager-client.js';
import type { AlertmanagerConfig } from '../../config/monitoring-schema.js';
import type { Config } from '../../config/schema.js';
import { type DoctorCheck, failedCheck } from './doctor-report.js';

/** Alertmanager reachable, its version, and the firing alerts no service claims (they would be listed under "other"). */
export async function alertmanagerChecks(config: Config, alerts: AlertmanagerConfig, token: string | undefined): Promise<DoctorCheck[]> {
  const timeoutMs = alerts.timeoutSeconds * 1000;
  try {
    const version = await new AlertmanagerClient({ url: alerts.url, token, timeoutMs }).version();
    const listed = await new AlertmanagerAlerts({ config: alerts, token, services: config.services }).list({});
    const unclaimed = listed.filter((alert) => !alert.service);
    const found = [`reachable, Alertmanager ${version}; ${listed.length} alert(s) firing`];
    if (!unclaimed.length) return [{ system: 'alertmanager', subject: alerts.url, status: 'ok', found, suggestions: [] }];
    return [
      {
        system: 'alertmanager',
        subject: alerts.url,
        status: 'warning',
        found: [...found, `${unclaimed.length} firing alert(s) no service claims: ${unclaimed.map((alert) => alert.name).join(', ')}`],
        suggestions: ['services[NAME].alerts.matchers: { LABEL: VALUE } for the service each belongs to (they are listed under "other" until then)'],
      },
    ];
  } catch (error) {
    return [failedCheck('alertmanager', alerts.url, error)];
  }
}
