import type { AlertmanagerConfig } from '../../config/monitoring-schema.js';
import type { Service } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';
import type { Alert, AlertSeverity, AlertsPort, Silence, SilenceRequest } from '../ports/alerts.js';
import { AlertmanagerClient, type WireAlert, type WireMatcher, type WireSilence } from './alertmanager-client.js';

/** Where the Alertmanager adapter reads and writes. */
export interface AlertmanagerAlertsOptions {
  config: AlertmanagerConfig;
  token?: string;
  /** Or basic authentication, the password already read from the environment. */
  basicAuth?: { user: string; password: string };
  now?: () => Date;
  /** The catalog, with each service's `alerts.matchers`; without it, an alert's service label names its service as is. */
  services?: Array<Pick<Service, 'name'> & Partial<Pick<Service, 'alerts'>>>;
}

const SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info'];
// Longest silence, as in the demo: a forgotten silence must not hide an alert for good.
const MAX_SILENCE_MINUTES = 7 * 24 * 60;

/** AlertsPort over Alertmanager's API v2: alerts from `GET /api/v2/alerts`, silences created and expired in Alertmanager itself. */
export class AlertmanagerAlerts implements AlertsPort {
  private readonly client: AlertmanagerClient;
  private readonly now: () => Date;

  constructor(private readonly options: AlertmanagerAlertsOptions) {
    this.client = new AlertmanagerClient({ url: options.config.url, token: options.token, basicAuth: options.basicAuth, timeoutMs: options.config.timeoutSeconds * 1000 });
    this.now = options.now ?? (() => new Date());
  }

  async list(filter: { service?: string; environment?: string; includeSilenced?: boolean }): Promise<Alert[]> {
    const { labels } = this.options.config;
    const matchers = [...(filter.service ? this.serviceMatchers(filter.service) : []), ...(filter.environment ? [`${labels.environment}="${quoted(filter.environment)}"`] : [])];
    const wire = await this.client.alerts({ silenced: Boolean(filter.includeSilenced), inhibited: false, filter: matchers });
    const silencedBy = new Set(wire.flatMap((alert) => alert.status.silencedBy));
    const ends = new Map<string, string>();
    if (silencedBy.size) for (const silence of await this.client.silences()) if (silencedBy.has(silence.id)) ends.set(silence.id, silence.endsAt);
    return wire
      .map((alert) => this.alertOf(alert, ends))
      .sort((left, right) => SEVERITIES.indexOf(left.severity) - SEVERITIES.indexOf(right.severity) || left.startsAt.localeCompare(right.startsAt));
  }

  async knownAlert(name: string): Promise<string | null> {
    const wanted = name.trim().toLowerCase();
    // Known = Alertmanager holds an alert of that name in any state; it has no list of rules that have not fired.
    const wire = await this.client.alerts({ silenced: true, inhibited: true });
    return wire.map((alert) => alert.labels.alertname ?? '').find((alertName) => alertName.toLowerCase() === wanted) ?? null;
  }

  async countFiring(labels: Record<string, string>): Promise<number> {
    const wire = await this.client.alerts({ silenced: false, inhibited: true, filter: Object.entries(labels).map(([name, value]) => `${name}=${quoteMatcherValue(value)}`) });
    return wire.filter((alert) => alert.status.silencedBy.length === 0).length;
  }

  async silence(request: SilenceRequest): Promise<Silence> {
    const minutes = request.durationMinutes;
    if (!Number.isFinite(minutes) || minutes < 1 || minutes > MAX_SILENCE_MINUTES) throw new ToolFailure(`A silence lasts between 1 and ${MAX_SILENCE_MINUTES} minutes (a week); got ${minutes}.`);
    if (!request.comment.trim()) throw new ToolFailure('A silence needs a comment saying why, for whoever wonders where the alert went.');
    const alertName = (await this.knownAlert(request.alertName)) ?? request.alertName;
    const { labels } = this.options.config;
    // The card's labels name the alert exactly; alertname is always the canonical name.
    const { alertname: _named, ...extra } = request.labels ?? {};
    const exact: Record<string, string> = { alertname: alertName, ...(request.service ? { [labels.service]: request.service } : {}), ...(request.environment ? { [labels.environment]: request.environment } : {}), ...extra };
    const matchers: WireMatcher[] = Object.entries(exact).map(([name, value]) => equal(name, value));
    const startsAt = this.now();
    const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
    const silence = { matchers, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), createdBy: request.createdBy, comment: request.comment.trim() };
    const id = await this.client.createSilence(silence);
    return { id, alertName, service: exact[labels.service] ?? null, environment: exact[labels.environment] ?? null, ...(request.labels ? { labels: exact } : {}), createdBy: silence.createdBy, comment: silence.comment, startsAt: silence.startsAt, endsAt: silence.endsAt };
  }

  async activeSilences(filter: { alertName?: string; service?: string } = {}): Promise<Silence[]> {
    const wire = await this.client.silences();
    return wire
      .filter((silence) => silence.status.state === 'active')
      .map((silence) => this.silenceOf(silence))
      .filter((silence) => (!filter.alertName || silence.alertName.toLowerCase() === filter.alertName.toLowerCase()) && (!filter.service || silence.service === filter.service));
  }

  async unsilence(ids: string[]): Promise<Silence[]> {
    const expired: Silence[] = [];
    for (const id of ids) {
      const silence = await this.client.silence(id);
      if (!silence || silence.status.state !== 'active') continue;
      await this.client.expireSilence(id);
      expired.push({ ...this.silenceOf(silence), endsAt: this.now().toISOString() });
    }
    return expired;
  }

  private alertOf(alert: WireAlert, ends: Map<string, string>): Alert {
    const { labels } = this.options.config;
    const severity = SEVERITIES.find((entry) => entry === alert.labels.severity) ?? 'warning';
    const until = alert.status.silencedBy.map((id) => ends.get(id)).filter((end): end is string => Boolean(end)).sort().at(-1) ?? null;
    return {
      id: alert.fingerprint,
      name: alert.labels.alertname ?? '(unnamed)',
      service: this.serviceOf(alert.labels),
      environment: alert.labels[labels.environment] ?? '',
      severity,
      state: alert.status.silencedBy.length ? 'silenced' : 'firing',
      summary: alert.annotations.summary ?? alert.annotations.description ?? '',
      startsAt: alert.startsAt,
      silencedUntil: alert.status.silencedBy.length ? until : null,
      runbookUrl: alert.annotations.runbook_url ?? null,
    };
  }

  /** `job="checkout"` from services[].alerts.matchers, else the service label: how Alertmanager is asked for one service's alerts. */
  private serviceMatchers(service: string): string[] {
    const declared = this.options.services?.find((entry) => entry.name === service)?.alerts?.matchers;
    if (declared) return Object.entries(declared).map(([label, value]) => `${label}="${quoted(value)}"`);
    return [`${this.options.config.labels.service}="${quoted(service)}"`];
  }

  /**
   * The service an alert belongs to: the first whose matchers it carries, else the one its service label names. ''
   * when no service claims it, so it is listed under "other" rather than dropped or pinned on a service by guess.
   */
  private serviceOf(alertLabels: Record<string, string>): string {
    const services = this.options.services;
    const named = alertLabels[this.options.config.labels.service];
    if (!services) return named ?? '';
    const claimed = services.find((service) => service.alerts && Object.entries(service.alerts.matchers).every(([label, value]) => alertLabels[label] === value));
    if (claimed) return claimed.name;
    return services.find((service) => !service.alerts && service.name === named)?.name ?? '';
  }

  private silenceOf(silence: WireSilence): Silence {
    const { labels } = this.options.config;
    const value = (name: string) => silence.matchers.find((matcher) => matcher.name === name && !matcher.isRegex && matcher.isEqual !== false)?.value ?? null;
    return { id: silence.id, alertName: value('alertname') ?? '', service: value(labels.service), environment: value(labels.environment), createdBy: silence.createdBy, comment: silence.comment, startsAt: silence.startsAt, endsAt: silence.endsAt };
  }
}

/** Escapes a value for a matcher's double-quoted string. */
function quoted(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function equal(name: string, value: string): WireMatcher {
  return { name, value, isRegex: false, isEqual: true };
}

/** A label value in Alertmanager's matcher syntax (`filter=name="value"`): quoted, with `\\` and `"` escaped. */
function quoteMatcherValue(value: string): string {
  return JSON.stringify(value);
}
