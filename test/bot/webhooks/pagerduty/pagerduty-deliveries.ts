/** PagerDuty v3 webhook bodies shaped as the webhook documentation shows them. */
export function incidentDelivery(options: {
  eventId: string;
  type: 'incident.triggered' | 'incident.acknowledged' | 'incident.resolved' | 'incident.reassigned';
  incident: string;
  title?: string;
  status?: 'triggered' | 'acknowledged' | 'resolved';
  incidentKey?: string | null;
  escalationPolicy?: string;
  assignees?: Array<{ id: string; summary: string }>;
  agent?: { id: string; summary: string };
  occurredAt?: string;
}): string {
  return JSON.stringify({
    event: {
      id: options.eventId,
      event_type: options.type,
      resource_type: 'incident',
      occurred_at: options.occurredAt ?? '2026-11-18T14:00:00.000Z',
      agent: options.agent ? { ...options.agent, type: 'user_reference', self: `https://api.pagerduty.com/users/${options.agent.id}` } : null,
      client: { name: 'PagerDuty' },
      data: {
        id: options.incident,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${options.incident}`,
        html_url: `https://acme.pagerduty.com/incidents/${options.incident}`,
        number: 42,
        status: options.status ?? 'triggered',
        incident_key: options.incidentKey ?? 'db-primary-disk-full',
        created_at: '2026-11-18T13:59:00Z',
        title: options.title ?? 'Disk full on db-primary',
        service: { id: 'PSERVICE1', type: 'service_reference', summary: 'Checkout' },
        assignees: (options.assignees ?? [{ id: 'PDANA01', summary: 'Dana Developer' }]).map((assignee) => ({ ...assignee, type: 'user_reference' })),
        escalation_policy: { id: options.escalationPolicy ?? 'PEPWEB1', type: 'escalation_policy_reference', summary: 'Web' },
        teams: [],
        priority: null,
        urgency: 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  });
}

export function noteDelivery(options: { eventId: string; incident: string; content: string; agent?: { id: string; summary: string } }): string {
  return JSON.stringify({
    event: {
      id: options.eventId,
      event_type: 'incident.annotated',
      resource_type: 'incident',
      occurred_at: '2026-11-18T14:05:00.000Z',
      agent: options.agent ? { ...options.agent, type: 'user_reference' } : null,
      client: null,
      data: {
        incident: { id: options.incident, type: 'incident_reference', summary: 'Disk full', html_url: `https://acme.pagerduty.com/incidents/${options.incident}` },
        id: 'PNOTE01',
        content: options.content,
        trigger: { id: 'PTRIG', type: 'user_reference' },
        type: 'incident_note',
      },
    },
  });
}
