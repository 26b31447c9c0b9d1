import { ToolFailure } from '../../errors.js';
import type { Incident, IncidentDeclaration, IncidentSeverity, IncidentsPort, IncidentStatus } from '../ports/incidents.js';
import type { DemoContext } from './demo-context.js';

const NAMESPACE = 'demo-incidents';
// Numbers live apart from incidents so listing incidents never meets a counter document.
const NUMBERS_NAMESPACE = 'demo-incident-numbers';

/** Simulated incident tracker: one document per incident, numbered per year in a transaction. */
export class DemoIncidents implements IncidentsPort {
  constructor(private readonly context: DemoContext) {}

  async declare(request: IncidentDeclaration): Promise<Incident> {
    const title = request.title.trim();
    if (!title) throw new ToolFailure('An incident needs a title.');
    const now = this.context.now();
    const year = now.getUTCFullYear();
    const counter = await this.context.kv.update<{ last: number }>(NUMBERS_NAMESPACE, String(year), () => ({ last: 0 }), (value) => ({ last: value.last + 1 }));
    const id = `INC-${year}-${String(counter.last).padStart(4, '0')}`;
    const at = now.toISOString();
    const incident: Incident = {
      id,
      number: counter.last,
      title,
      severity: request.severity,
      status: 'investigating',
      owner: request.owner,
      declaredBy: request.declaredBy,
      createdAt: at,
      resolvedAt: null,
      channel: null,
      ...(request.service ? { service: request.service } : {}),
      timeline: [{ at, by: request.declaredBy, text: `Declared "${title}" (severity ${request.severity}, owner ${request.owner}${request.service ? `, service ${request.service}` : ''})` }],
    };
    await this.context.kv.put(NAMESPACE, id, incident);
    return incident;
  }

  async update(id: string, change: { status?: IncidentStatus; severity?: IncidentSeverity; owner?: string; note?: string; channel?: string; by: string }): Promise<Incident> {
    if (change.status === 'resolved') return this.resolve(id, { note: change.note, by: change.by });
    return this.change(id, (incident) => {
      const notes: string[] = [];
      const next = { ...incident };
      if (change.status && change.status !== incident.status) {
        notes.push(`status ${incident.status} → ${change.status}`);
        next.status = change.status;
      }
      if (change.severity && change.severity !== incident.severity) {
        notes.push(`severity ${incident.severity} → ${change.severity}`);
        next.severity = change.severity;
      }
      if (change.owner && change.owner !== incident.owner) {
        notes.push(`owner ${incident.owner} → ${change.owner}`);
        next.owner = change.owner;
      }
      if (change.channel && change.channel !== incident.channel) {
        notes.push(`channel ${change.channel}`);
        next.channel = change.channel;
      }
      if (change.note?.trim()) notes.push(`note: ${change.note.trim()}`);
      if (notes.length === 0) throw new ToolFailure(`Nothing to change on ${incident.id}: give a new status, severity, owner, channel or a note.`);
      next.timeline = [...incident.timeline, { at: this.context.now().toISOString(), by: change.by, text: capitalize(notes.join('; ')) }];
      return next;
    });
  }

  async resolve(id: string, request: { note?: string; by: string }): Promise<Incident> {
    return this.change(id, (incident) => {
      const at = this.context.now().toISOString();
      const note = request.note?.trim();
      return {
        ...incident,
        status: 'resolved',
        resolvedAt: at,
        timeline: [...incident.timeline, { at, by: request.by, text: `Resolved${note ? `: ${note}` : ''}` }],
      };
    });
  }

  /** Appends a timeline entry even to a resolved incident: what a backend beneath it did or missed afterwards. */
  async annotate(id: string, entry: { by: string; text: string }): Promise<Incident> {
    return this.context.kv.update<Incident | null>(NAMESPACE, normalizeId(id), () => null, (incident) => {
      if (!incident) throw new ToolFailure(`No incident ${id}.`);
      return { ...incident, timeline: [...incident.timeline, { at: this.context.now().toISOString(), by: entry.by, text: entry.text }] };
    }) as Promise<Incident>;
  }

  async get(id: string): Promise<Incident | null> {
    return (await this.context.kv.get<Incident>(NAMESPACE, normalizeId(id))) ?? null;
  }

  async list(filter: { openOnly?: boolean }): Promise<Incident[]> {
    const entries = await this.context.kv.list<Incident>(NAMESPACE);
    return entries
      .map((entry) => entry.value)
      .filter((incident) => !filter.openOnly || incident.status !== 'resolved')
      .sort((left, right) => right.createdAt.localeCompare(left.createdAt) || right.id.localeCompare(left.id));
  }

  /** Read-modify-write of one open incident in a transaction; unknown or resolved incidents are refused. */
  private async change(id: string, apply: (incident: Incident) => Incident): Promise<Incident> {
    // A missing incident inserts a null placeholder that the ToolFailure below rolls back with the transaction.
    return this.context.kv.update<Incident | null>(
      NAMESPACE,
      normalizeId(id),
      () => null,
      (incident) => {
        if (!incident) throw new ToolFailure(`No incident ${id}.`);
        if (incident.status === 'resolved') throw new ToolFailure(`${incident.id} is resolved (at ${incident.resolvedAt}); declare a new incident instead.`);
        return apply(incident);
      },
    ) as Promise<Incident>;
  }
}

function normalizeId(id: string): string {
  return id.trim().toUpperCase();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
