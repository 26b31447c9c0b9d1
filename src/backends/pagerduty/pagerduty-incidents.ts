import type { Config } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import type { KvRepository } from '../../store/kv-repository.js';
import type { DemoIncidents } from '../demo/demo-incidents.js';
import type { Incident, IncidentDeclaration, IncidentSeverity, IncidentsPort, IncidentStatus } from '../ports/incidents.js';
import type { PagerDutyClient } from './pagerduty-client.js';
import type { PagerDutyDirectory } from './pagerduty-people.js';
import { OPSBOT_INCIDENT_KEY_PREFIX } from './pagerduty-paging.js';
import type { PdIncident } from './pagerduty-types.js';

const LINKS = 'pagerduty-incident-links';
const REVERSE_LINKS = 'pagerduty-incident-ids';

/** Which PagerDuty incident an opsbot incident is. */
export interface PagerDutyIncidentLink {
  incident: string;
  pagerDutyId: string;
  htmlUrl: string | null;
}

type Severities = Extract<Config['backends']['incidents'], { adapter: 'pagerduty' }>['severities'];

/**
 * IncidentsPort over PagerDuty. opsbot keeps its own record (number, channel, timeline) in the store as the demo
 * adapter does; each declared incident is also a PagerDuty incident on the configured service (urgency and
 * priority from the severity mapping), updates become notes (and `acknowledged`), resolve resolves it. When
 * PagerDuty cannot be reached the opsbot record still changes and its timeline says what PagerDuty missed.
 */
export class PagerDutyIncidents implements IncidentsPort {
  constructor(
    private readonly records: DemoIncidents,
    private readonly client: PagerDutyClient,
    private readonly directory: PagerDutyDirectory,
    private readonly kv: KvRepository,
    private readonly settings: { service: string; severities: Severities },
  ) {}

  async declare(request: IncidentDeclaration): Promise<Incident> {
    // The catalog service stays in opsbot's record: the PagerDuty incident goes to the one configured PagerDuty service.
    const incident = await this.records.declare(request);
    const mapping = this.settings.severities[request.severity];
    const body = {
      incident: {
        type: 'incident',
        title: `[${incident.id}] ${incident.title}`,
        service: { id: this.settings.service, type: 'service_reference' },
        urgency: mapping.urgency,
        ...(mapping.priority ? { priority: { id: mapping.priority, type: 'priority_reference' } } : {}),
        incident_key: `${OPSBOT_INCIDENT_KEY_PREFIX}${incident.id}`,
        body: { type: 'incident_body', details: `Declared through opsbot by ${request.declaredBy}; severity ${request.severity}, owner ${request.owner}${incident.service ? `, service ${incident.service}` : ''}.` },
      },
    };
    try {
      const created = await this.client.write<{ incident: PdIncident }>('POST', '/incidents', body, this.directory.fromOf(request.declaredBy), { doing: `open ${incident.id} in PagerDuty` });
      await this.link({ incident: incident.id, pagerDutyId: created.incident.id, htmlUrl: created.incident.html_url ?? null });
      return this.note(incident.id, request.declaredBy, `PagerDuty incident ${created.incident.id} opened${created.incident.html_url ? ` (${created.incident.html_url})` : ''}`);
    } catch (error) {
      return this.note(incident.id, request.declaredBy, `Not opened in PagerDuty: ${reasonOf(error)}`);
    }
  }

  async update(id: string, change: { status?: IncidentStatus; severity?: IncidentSeverity; owner?: string; note?: string; channel?: string; by: string }): Promise<Incident> {
    if (change.status === 'resolved') return this.resolve(id, { note: change.note, by: change.by });
    const before = await this.records.get(id);
    const updated = await this.records.update(id, change);
    const link = await this.linkOf(updated.id);
    // A channel being attached is opsbot's own bookkeeping; PagerDuty hears about changes people make.
    const meaningful = change.status || change.severity || change.owner || change.note?.trim();
    if (!link || !meaningful) return updated;
    const from = this.directory.fromOf(change.by);
    try {
      const latest = updated.timeline[updated.timeline.length - 1]?.text ?? 'Updated';
      await this.client.write('POST', `/incidents/${encodeURIComponent(link.pagerDutyId)}/notes`, { note: { content: `${latest} (by ${change.by} through opsbot)` } }, from, { doing: `add a note to ${updated.id} in PagerDuty` });
      const fields: Record<string, unknown> = {};
      // PagerDuty has no "identified"/"monitoring": someone working on it is an acknowledged incident.
      if (change.status && change.status !== 'investigating' && before?.status === 'investigating') fields.status = 'acknowledged';
      if (change.severity) {
        const mapping = this.settings.severities[change.severity];
        fields.urgency = mapping.urgency;
        if (mapping.priority) fields.priority = { id: mapping.priority, type: 'priority_reference' };
      }
      if (Object.keys(fields).length) await this.client.write('PUT', `/incidents/${encodeURIComponent(link.pagerDutyId)}`, { incident: { type: 'incident_reference', ...fields } }, from, { doing: `update ${updated.id} in PagerDuty` });
      return updated;
    } catch (error) {
      return this.note(updated.id, change.by, `PagerDuty not updated: ${reasonOf(error)}`);
    }
  }

  async resolve(id: string, request: { note?: string; by: string }): Promise<Incident> {
    const resolved = await this.records.resolve(id, request);
    const link = await this.linkOf(resolved.id);
    if (!link) return resolved;
    const from = this.directory.fromOf(request.by);
    try {
      if (request.note?.trim()) await this.client.write('POST', `/incidents/${encodeURIComponent(link.pagerDutyId)}/notes`, { note: { content: `Resolved: ${request.note.trim()} (by ${request.by} through opsbot)` } }, from, { doing: `add a note to ${resolved.id} in PagerDuty` });
      await this.client.write('PUT', `/incidents/${encodeURIComponent(link.pagerDutyId)}`, { incident: { type: 'incident_reference', status: 'resolved' } }, from, { doing: `resolve ${resolved.id} in PagerDuty` });
      return resolved;
    } catch (error) {
      // The opsbot record is resolved; only an entry can still be added to it (through the store directly).
      return this.records.annotate(resolved.id, { by: request.by, text: `PagerDuty incident ${link.pagerDutyId} not resolved there: ${reasonOf(error)}` });
    }
  }

  get(id: string): Promise<Incident | null> {
    return this.records.get(id);
  }

  list(filter: { openOnly?: boolean }): Promise<Incident[]> {
    return this.records.list(filter);
  }

  /** The PagerDuty incident behind an opsbot incident, if it was opened there. */
  linkOf(incidentId: string): Promise<PagerDutyIncidentLink | undefined> {
    return this.kv.get<PagerDutyIncidentLink>(LINKS, incidentId.toUpperCase());
  }

  private async link(link: PagerDutyIncidentLink): Promise<void> {
    await this.kv.put(LINKS, link.incident, link);
    await this.kv.put(REVERSE_LINKS, link.pagerDutyId, link);
  }

  private note(id: string, by: string, text: string): Promise<Incident> {
    return this.records.annotate(id, { by, text });
  }
}

/** The opsbot incident a PagerDuty incident id belongs to (webhooks use it), if opsbot opened it. */
export function incidentOfPagerDutyId(kv: KvRepository, pagerDutyId: string): Promise<PagerDutyIncidentLink | undefined> {
  return kv.get<PagerDutyIncidentLink>(REVERSE_LINKS, pagerDutyId);
}

function reasonOf(error: unknown): string {
  if (error instanceof ToolFailure) return error.message;
  return error instanceof Error ? error.message : String(error);
}
