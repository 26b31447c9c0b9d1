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
  /** Every exact matcher of the silence, `alertname` included, when it was made from labels. */
  labels?: Record<string, string>;
  createdBy: string;
  comment: string;
  startsAt: string;
  endsAt: string;
}

/** What to silence: an alert name, optionally narrowed by service, environment and exact labels. */
export interface SilenceRequest {
  alertName: string;
  service?: string;
  environment?: string;
  labels?: Record<string, string>;
  durationMinutes: number;
  comment: string;
  createdBy: string;
}

/** Reads alerts and silences, and silences or unsilences them. */
export interface AlertsPort {
  list(filter: { service?: string; environment?: string; includeSilenced?: boolean }): Promise<Alert[]>;
  /** `labels`: further exact matchers (an alert card's identifying labels); the silence matches only alerts carrying all of them. */
  silence(request: SilenceRequest): Promise<Silence>;
  /** How many alerts firing now (not yet silenced) carry every one of these labels (`alertname` included): what a silence of them would cover. */
  countFiring(labels: Record<string, string>): Promise<number>;
  /** The alert's canonical name when the alerting system knows it (so a typo is refused before anyone confirms), else null. */
  knownAlert(name: string): Promise<string | null>;
  /** Silences in force now, for an alert (and service) or all. */
  activeSilences(filter?: { alertName?: string; service?: string }): Promise<Silence[]>;
  /** Expires silences by id; returns those that were in force and now are not. */
  unsilence(ids: string[]): Promise<Silence[]>;
}
