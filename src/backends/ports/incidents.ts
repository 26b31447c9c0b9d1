// Incidents port: declaring, updating and resolving incidents (PagerDuty, or the demo incident log).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** How bad an incident is. */
export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';
/** Where an incident stands, from first look to resolved. */
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

/** One incident and its timeline. */
export interface Incident {
  /** `INC-2026-0042` */
  id: string;
  number: number;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  owner: string;
  declaredBy: string;
  createdAt: string;
  resolvedAt: string | null;
  channel: string | null;
  /** The catalog service the incident is about, when the declaration named one (its channel then defaults to it). */
  service?: string;
  timeline: Array<{ at: string; by: string; text: string }>;
}

/** What declaring an incident takes; `service` is optional (an incident may be about no one service). */
export interface IncidentDeclaration {
  title: string;
  severity: IncidentSeverity;
  owner: string;
  declaredBy: string;
  service?: string;
}

/** Declares, updates, resolves and lists incidents. */
export interface IncidentsPort {
  declare(request: IncidentDeclaration): Promise<Incident>;
  update(id: string, change: { status?: IncidentStatus; severity?: IncidentSeverity; owner?: string; note?: string; channel?: string; by: string }): Promise<Incident>;
  resolve(id: string, request: { note?: string; by: string }): Promise<Incident>;
  get(id: string): Promise<Incident | null>;
  list(filter: { openOnly?: boolean }): Promise<Incident[]>;
}
