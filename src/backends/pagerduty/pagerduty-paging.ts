import { ToolFailure } from '../../errors.js';
import type { Person } from '../ports/oncall.js';
import type { PageRecord, PagingPort } from '../ports/paging.js';
import type { PagerDutyClient } from './pagerduty-client.js';
import type { PagerDutyDirectory } from './pagerduty-people.js';
import type { PdIncident } from './pagerduty-types.js';

/** The prefix of every incident key opsbot sets: a webhook tells opsbot's own incidents from everyone else's by it. */
export const OPSBOT_INCIDENT_KEY_PREFIX = 'opsbot-';
const TITLE_LIMIT = 255;

/**
 * PagingPort over PagerDuty: a page is an incident on the configured service, assigned to exactly the people
 * paged, opened as the requester (`From`). The incident key comes from the approved action, so a retried
 * request finds the incident it already opened instead of paging everyone twice.
 */
export class PagerDutyPaging implements PagingPort {
  constructor(
    private readonly client: PagerDutyClient,
    private readonly directory: PagerDutyDirectory,
    private readonly service: string,
  ) {}

  async page(request: { target: string; recipients: Person[]; message: string; requestedBy: string; key?: string }): Promise<PageRecord> {
    if (request.recipients.length === 0) throw new ToolFailure(`Nobody to page for ${request.target}.`);
    const message = request.message.trim();
    if (!message) throw new ToolFailure('A page needs a message.');
    const recipients = [...new Map(request.recipients.map((person) => [person.id, person])).values()];
    const assignees: string[] = [];
    for (const person of recipients) {
      const userId = await this.directory.userIdOf(person);
      if (!userId) throw new ToolFailure(`${person.name} (${person.id}) has no PagerDuty user (set people.${person.id}.pagerduty or their email).`);
      assignees.push(userId);
    }
    const incidentKey = request.key ? `${OPSBOT_INCIDENT_KEY_PREFIX}${request.key}` : undefined;
    const existing = incidentKey ? await this.byKey(incidentKey) : undefined;
    if (existing) return this.recordOf(existing, request, recipients);
    const body = {
      incident: {
        type: 'incident',
        title: message.slice(0, TITLE_LIMIT),
        service: { id: this.service, type: 'service_reference' },
        urgency: 'high',
        ...(incidentKey ? { incident_key: incidentKey } : {}),
        body: { type: 'incident_body', details: `${message}\n\nPaged through opsbot (${request.target}) by ${request.requestedBy}.` },
        assignments: assignees.map((id) => ({ assignee: { id, type: 'user_reference' } })),
      },
    };
    try {
      const created = await this.client.write<{ incident: PdIncident }>('POST', '/incidents', body, this.directory.fromOf(request.requestedBy), { doing: `page ${request.target}` });
      return this.recordOf(created.incident, request, recipients);
    } catch (error) {
      // A concurrent retry won the race: the key is taken by the incident it opened, which is this page.
      const raced = incidentKey && error instanceof ToolFailure ? await this.byKey(incidentKey) : undefined;
      if (raced) return this.recordOf(raced, request, recipients);
      throw error;
    }
  }

  async history(limit: number): Promise<PageRecord[]> {
    const body = await this.client.get<{ incidents?: PdIncident[] }>('/incidents', { 'service_ids[]': [this.service], sort_by: 'created_at:desc', limit: Math.max(1, Math.min(100, limit)), date_range: 'all' }, 'read recent pages');
    return (body.incidents ?? []).slice(0, Math.max(0, limit)).map((incident) => ({
      id: incident.id,
      target: incident.title,
      recipients: (incident.assignments ?? []).map((assignment) => ({ id: assignment.assignee.id, name: assignment.assignee.summary ?? assignment.assignee.id, email: null, phone: null, timezone: null })),
      message: incident.title,
      requestedBy: 'pagerduty',
      at: incident.created_at,
      status: 'sent',
      providerState: incident.status,
    }));
  }

  /** A response acts as the responder (`From`); without their PagerDuty login it would act as the bot, so it is refused. */
  responderProblem(by: string): string | null {
    if (this.directory.ownEmailOf(by)) return null;
    const entry = `people.${by}.email`;
    return `${by} has no PagerDuty identity in opsbot: ${entry} (the PagerDuty login email) is not set, so the response would be recorded as opsbot's, not theirs. Add ${entry} to the configuration; nothing was sent.`;
  }

  async respond(request: { id: string; action: 'acknowledge' | 'resolve'; by: string }): Promise<{ id: string; status: string; title: string }> {
    const problem = this.responderProblem(request.by);
    if (problem) throw new ToolFailure(problem);
    const status = request.action === 'acknowledge' ? 'acknowledged' : 'resolved';
    const body = { incident: { type: 'incident_reference', status } };
    const updated = await this.client.write<{ incident: PdIncident }>('PUT', `/incidents/${encodeURIComponent(request.id)}`, body, this.directory.fromOf(request.by), { doing: `${request.action} PagerDuty incident ${request.id}` });
    return { id: updated.incident.id, status: updated.incident.status, title: updated.incident.title };
  }

  private async byKey(incidentKey: string): Promise<PdIncident | undefined> {
    const body = await this.client.get<{ incidents?: PdIncident[] }>('/incidents', { incident_key: incidentKey, 'service_ids[]': [this.service], date_range: 'all' }, 'look for a page already sent');
    return (body.incidents ?? []).find((incident) => incident.incident_key === incidentKey);
  }

  private recordOf(incident: PdIncident, request: { target: string; message: string; requestedBy: string }, recipients: Person[]): PageRecord {
    return { id: incident.id, target: request.target, recipients, message: request.message, requestedBy: request.requestedBy, at: incident.created_at, status: 'sent', providerState: incident.status };
  }
}
