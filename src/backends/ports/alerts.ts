// Alerts port: firing alerts and their silences (Alertmanager, or the demo alert rules).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** How urgent an alert is, as its labels say. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** One alert, firing or silenced. */
export interface Alert {
  id: string;
  name: string;
  service: string;
  environment: string;
  severity: AlertSeverity;
  state: 'firing' | 'silenced';
  summary: string;
  startsAt: string;
  silencedUntil: string | null;
  /** The alert's `runbook_url` annotation, when it has one. */
  runbookUrl?: string | null;
}

/** A silence in force (or once in force) over alerts of one name. */
export interface Silence {
  id: string;
  alertName: string;
  service: string | null;
  /** Only alerts of this environment, when the silence was narrowed to one. */
  environment?: string | null;
  createdBy: string;
  comment: string;
  startsAt: string;
  endsAt: string;
}

/** Reads alerts and silences, and silences or unsilences them. */
export interface AlertsPort {
  list(filter: { service?: string; environment?: string; includeSilenced?: boolean }): Promise<Alert[]>;
  silence(request: { alertName: string; service?: string; environment?: string; durationMinutes: number; comment: string; createdBy: string }): Promise<Silence>;
  /** The alert's canonical name when the alerting system knows it (so a typo is refused before anyone confirms), else null. */
  knownAlert(name: string): Promise<string | null>;
  /** Silences in force now, for an alert (and service) or all. */
  activeSilences(filter?: { alertName?: string; service?: string }): Promise<Silence[]>;
  /** Expires silences by id; returns those that were in force and now are not. */
  unsilence(ids: string[]): Promise<Silence[]>;
}
