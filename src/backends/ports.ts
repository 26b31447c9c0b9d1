import type { AuditFilter, AuditRecord } from '../audit/audit-log.js';
import type { Origin } from '../actions/origin.js';
import type { PendingAction } from '../actions/pending-action.js';

/**
 * Ports: one small interface per capability (DESIGN §8). Demo adapters (src/backends/demo) implement each
 * over the store; real adapters (GitHub, Prometheus, PagerDuty…) implement the same interface.
 * A port throws ToolFailure for "the backend said no" (readable), anything else for faults.
 */

export type Health = 'NORMAL' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';

export interface ComponentStatus {
  name: string;
  status: Health;
  detail: string;
}

/** Overall and per-component health of one service in one environment. */
export interface ServiceStatus {
  service: string;
  environment: string;
  overall: Health;
  components: ComponentStatus[];
  version: string | null;
  checkedAt: string;
}

export type MetricName = 'requests' | 'cpu' | 'latency_p95' | 'error_rate';

/** A metric over time; `points` are [unix seconds, value]. */
export interface MetricSeries {
  service: string;
  environment: string;
  metric: MetricName;
  unit: string;
  points: Array<[number, number]>;
}

/** Current figures for one service. */
export interface MetricSnapshot {
  service: string;
  environment: string;
  at: string;
  requestsPerSecond: number;
  cpuPercent: number;
  latencyP95Ms: number;
  errorRatePercent: number;
}

export interface MetricsPort {
  status(service: string, environment: string): Promise<ServiceStatus>;
  snapshot(service: string, environment: string): Promise<MetricSnapshot>;
  series(service: string, environment: string, metric: MetricName, range: { from: Date; to: Date; stepSeconds: number }): Promise<MetricSeries>;
}

/** `unknown`: the deploy system stopped reporting before an outcome (statuses stopped arriving); never read as success. */
export type DeployState = 'in_progress' | 'succeeded' | 'failed' | 'unknown';

/** One deploy or rollback, as the deploy system records it. */
export interface DeployRecord {
  id: string;
  kind: 'deploy' | 'rollback';
  service: string;
  environment: string;
  version: string;
  previousVersion: string | null;
  state: DeployState;
  /** 0..1 while in progress. */
  progress: number;
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
  message: string;
  /** Who approved it, when the deploy system recorded that. */
  approvedBy?: string | null;
  /** Required checks (and locks) were skipped by a lead (`deploy!`). */
  forced?: boolean;
  /** Where people can look at it: the deployment, its log and the deployed environment. */
  url?: string | null;
  logUrl?: string | null;
  environmentUrl?: string | null;
}

/** A request to start a deploy, with the facts the deploy system records alongside it. */
export interface DeployRequest {
  service: string;
  environment: string;
  version: string;
  requestedBy: string;
  approvedBy?: string | null;
  /** Skip required checks (`deploy!` by a lead; policy has already granted `deploy:force`). */
  force?: boolean;
  /** The opsbot action and the conversation it came from, so the deployer can report back there. */
  actionId?: string;
  origin?: Origin;
}

/** A request to roll back to `toVersion`, or to the previous successful version when absent. */
export interface RollbackRequest extends Omit<DeployRequest, 'version' | 'force'> {
  toVersion?: string;
}

export interface DeploysPort {
  /** The version running now (the last succeeded deploy) and any deploy in progress. */
  current(service: string, environment: string): Promise<{ version: string | null; inProgress: DeployRecord | null }>;
  history(service: string, environment: string | undefined, limit: number): Promise<DeployRecord[]>;
  get(id: string): Promise<DeployRecord | null>;
  /**
   * Checks, without starting anything, that a deploy could start: the version names something real and no deploy
   * is in progress. ToolFailure otherwise, so nobody is asked to confirm a deploy that cannot run. Returns what
   * the version resolves to (e.g. `tag v2.4.0 at 1a2b3c4`).
   */
  preflight(request: { service: string; environment: string; version: string }): Promise<{ version: string; resolved: string }>;
  /** Starts a deploy; ToolFailure if one is already in progress for that service and environment. */
  deploy(request: DeployRequest): Promise<DeployRecord>;
  /** Starts a rollback to `toVersion`, or to the previous successful version when absent. */
  rollback(request: RollbackRequest): Promise<DeployRecord>;
  /** How often a follower should ask `get` (first interval, backing off to the last); a default applies when absent. */
  readonly pollSchedule?: { initialMs: number; maxMs: number };
}

/** A deploy lock (`lock frontend in production "migrating db"`): deploys there are refused until unlocked. */
export interface DeployLock {
  service: string;
  environment: string;
  reason: string;
  lockedBy: string;
  lockedAt: string;
}

/** Deploy locks, kept in the store so every replica sees them. */
export interface DeployLocksPort {
  /** Locks; an existing lock is kept as it is (`created: false`). */
  lock(request: { service: string; environment: string; reason: string; lockedBy: string }): Promise<{ lock: DeployLock; created: boolean }>;
  /** Removes a lock; returns the lock removed, or null when there was none. */
  unlock(service: string, environment: string): Promise<DeployLock | null>;
  get(service: string, environment: string): Promise<DeployLock | null>;
  list(): Promise<DeployLock[]>;
}

export type AlertSeverity = 'critical' | 'warning' | 'info';

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

export interface Runbook {
  name: string;
  title: string;
  appliesTo: string[];
  steps: string[];
  url: string | null;
}

export interface RunbooksPort {
  /** By alert name or service name; null when nothing matches. */
  find(query: string): Promise<Runbook | null>;
  list(): Promise<Runbook[]>;
}

/** A person as the on-call system knows them; contact details for paging by hand. */
export interface Person {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timezone: string | null;
}

export interface TeamOnCall {
  team: string;
  primary: Person;
  backup: Person | null;
  shadow: Person | null;
  until: string;
}

export interface Responder {
  role: 'incident-commander' | 'primary' | 'backup' | 'shadow';
  team: string | null;
  person: Person;
}

/** The incident commander now, and (where the schedule knows them) who backs them up and who shadows them. */
export interface IncidentCommanderOnCall {
  person: Person;
  until: string;
  backup?: Person | null;
  shadow?: Person | null;
}

export interface OnCallPort {
  team(team: string): Promise<TeamOnCall>;
  incidentCommander(): Promise<IncidentCommanderOnCall>;
  /** Everyone on call now: the incident commander and each team's primary, backup and shadow. */
  responders(): Promise<Responder[]>;
  /** A person by id or (case-insensitive, partial) name; null when unknown. */
  person(query: string): Promise<Person | null>;
}

/** One page sent (or attempted). */
export interface PageRecord {
  id: string;
  target: string;
  recipients: Person[];
  message: string;
  requestedBy: string;
  at: string;
  status: 'sent' | 'failed';
}

export interface PagingPort {
  /**
   * Sends a page to these people; throws when the paging provider cannot be reached. `key` (derived from the
   * approved action) makes a retried request find the page it already sent instead of sending a second.
   */
  page(request: { target: string; recipients: Person[]; message: string; requestedBy: string; key?: string }): Promise<PageRecord>;
  history(limit: number): Promise<PageRecord[]>;
  /** Acknowledges or resolves a page (a provider incident) as `by`; absent when the provider has no such notion. */
  respond?(request: { id: string; action: 'acknowledge' | 'resolve'; by: string }): Promise<{ id: string; status: string; title: string }>;
}

export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

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
  timeline: Array<{ at: string; by: string; text: string }>;
}

export interface IncidentsPort {
  declare(request: { title: string; severity: IncidentSeverity; owner: string; declaredBy: string }): Promise<Incident>;
  update(id: string, change: { status?: IncidentStatus; severity?: IncidentSeverity; owner?: string; note?: string; channel?: string; by: string }): Promise<Incident>;
  resolve(id: string, request: { note?: string; by: string }): Promise<Incident>;
  get(id: string): Promise<Incident | null>;
  list(filter: { openOnly?: boolean }): Promise<Incident[]>;
}

export interface PullSummary {
  number: number;
  title: string;
  author: string;
  labels: string[];
  mergedAt: string;
  url: string;
}

export interface ReleasePreparation {
  version: string;
  branch: string;
  /** Whether the branch was created now (false: it existed and was reused). */
  branchCreated: boolean;
  pullRequest: { number: number; url: string; title: string; body: string; created: boolean };
  pulls: PullSummary[];
  previousRelease: string | null;
}

export interface ReleasePublication {
  version: string;
  tag: string;
  url: string;
  notes: string;
}

export interface ReleasesPort {
  /** Branch from the integration branch, collect release-labelled PRs merged since the last release, open or update the release PR. */
  prepare(request: { version?: string; requestedBy: string }): Promise<ReleasePreparation>;
  publish(request: { version: string; requestedBy: string }): Promise<ReleasePublication>;
  latest(): Promise<ReleasePublication | null>;
}

/** A status watch (`status stalk`): polled every 30 s, reporting only changes back to its origin. */
export interface Watch {
  id: string;
  target: string;
  owner: string;
  origin: unknown;
  lastStatus: string | null;
  createdAt: string;
}

export interface WatchesPort {
  add(request: { target: string; owner: string; origin: unknown }): Promise<{ watch: Watch; created: boolean }>;
  remove(request: { target: string; owner: string }): Promise<boolean>;
  list(owner?: string): Promise<Watch[]>;
  /** Records the status last seen; with `expected`, only if it is unchanged since (so one of several pollers reports a change). */
  setLastStatus(id: string, status: string, checkedAt: string, options?: { expected?: string | null }): Promise<boolean>;
}

/** Read access to opsbot's own records, for the audit search and action status tools. */
export interface RecordsPort {
  searchAudit(filter: AuditFilter): Promise<AuditRecord[]>;
  getAction(id: string): Promise<PendingAction | undefined>;
}

/** All ports, handed to tools through ToolContext. */
export interface Backends {
  records: RecordsPort;
  deploys: DeploysPort;
  locks: DeployLocksPort;
  metrics: MetricsPort;
  alerts: AlertsPort;
  runbooks: RunbooksPort;
  oncall: OnCallPort;
  paging: PagingPort;
  incidents: IncidentsPort;
  releases: ReleasesPort;
  watches: WatchesPort;
}
