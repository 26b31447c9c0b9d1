import type { Config } from '../../config/schema.js';
import type { AlertGroupRecord, AlertSummary } from './alert-groups.js';
import { withTeam } from './notification-routes.js';

/** One tool call a button (or a reply in the alert's thread) asks for, made as the clicker's own request. */
export interface ToolRequest {
  tool: string;
  args: Record<string, unknown>;
}

/** What can be asked about an alert group, by button or by a reply in its thread. */
export type AlertVerb = 'silence' | 'runbook' | 'incident' | 'page';

const INCIDENT_SEVERITY: Record<string, string> = { critical: 'critical', warning: 'medium', info: 'low' };

/**
 * The tool calls that act on a stored group: built only from the stored record (a button carries only its
 * reference), with names outside the configured catalog left out so the gateway's schema never sees them.
 * Returns a reason instead when the group lacks what the verb needs.
 */
export function alertRequests(config: Pick<Config, 'services' | 'teams'>, group: AlertGroupRecord, verb: AlertVerb, options: { minutes?: number } = {}): ToolRequest[] | { reason: string } {
  const firing = group.alerts.filter((alert) => alert.status === 'firing');
  const relevant = firing.length ? firing : group.alerts;
  const lead = relevant[0];
  if (!lead) return { reason: 'this alert group has no alerts' };
  const known = new Set(config.services.map((service) => service.name));
  const serviceOf = (alert: AlertSummary) => (alert.service && known.has(alert.service) ? alert.service : undefined);
  switch (verb) {
    case 'silence': {
      // One silence per distinct alert firing in the group, matching all of its identifying labels: never fewer,
      // so a card for api/staging never silences api/production, nor an uncatalogued service every service.
      const distinct = new Map(relevant.map((alert) => [JSON.stringify(Object.entries(silenceLabels(group, alert)).sort()), alert]));
      return [...distinct.values()].map((alert) => ({
        tool: 'alert_silence',
        args: { alert: alert.name.slice(0, 100), labels: silenceLabels(group, alert), duration_minutes: options.minutes ?? 60, comment: `from the Slack alert card (group ${group.ref})` },
      }));
    }
    case 'runbook':
      return [{ tool: 'runbook', args: { query: lead.name.slice(0, 100) } }];
    case 'incident': {
      const where = [serviceOf(lead), lead.environment].filter(Boolean).join(' ');
      const title = `${lead.name}${where ? ` on ${where}` : ''}${lead.summary ? `: ${lead.summary}` : ''}`;
      return [{ tool: 'incident_declare', args: { title: title.slice(0, 120).padEnd(3, '.'), severity: INCIDENT_SEVERITY[worstSeverity(relevant) ?? ''] ?? 'medium' } }];
    }
    case 'page': {
      const team = withTeam(config, { service: serviceOf(lead), team: lead.team }).team;
      if (!team || !config.teams.some((entry) => entry.name === team)) return { reason: `no owning team is known for ${lead.name} (label it with a configured service or team)` };
      const message = `${lead.name}${serviceOf(lead) ? ` on ${serviceOf(lead)}` : ''}${lead.environment ? ` (${lead.environment})` : ''}: ${lead.summary || 'firing'}`;
      return [{ tool: 'page', args: { target: 'team', team, message: message.slice(0, 500) } }];
    }
  }
}

/** The labels a card's silence matches: those stored with the alert, else (older records) what the card shows plus the group's labels. */
function silenceLabels(group: AlertGroupRecord, alert: AlertSummary): Record<string, string> {
  if (alert.labels) return { ...alert.labels, alertname: alert.name };
  const shown = { ...(alert.service ? { service: alert.service } : {}), ...(alert.environment ? { environment: alert.environment } : {}) };
  return { ...group.groupLabels, ...shown, alertname: alert.name };
}

function worstSeverity(alerts: AlertSummary[]): string | undefined {
  return ['critical', 'warning', 'info'].find((level) => alerts.some((alert) => alert.severity === level));
}
