import { ToolFailure } from '../../errors.js';
import type { Alert, AlertsPort, AlertSeverity, Silence, SilenceRequest } from '../ports/alerts.js';
import { ALERT_RULES, type AlertRule, ruleNamed } from './alert-rules.js';
import type { DemoContext } from './demo-context.js';
import type { DemoMetrics, Observer } from './demo-metrics.js';
import { hash32 } from './deterministic-noise.js';
import { resolveEnvironment, resolveService } from './fleet-catalog.js';

const NAMESPACE = 'demo-alerts';
const SILENCES_KEY = 'silences';
/** Longest silence: a week, so a forgotten silence cannot hide an alert for good. */
export const MAX_SILENCE_MINUTES = 7 * 24 * 60;
const MINUTE_MS = 60_000;
// How far back to look for the start of a firing condition; the simulated ones last minutes, not hours.
const SCAN_MINUTES = 180;
const SEVERITY_ORDER: AlertSeverity[] = ['critical', 'warning', 'info'];

interface SilenceBook {
  nextNumber: number;
  silences: Silence[];
}

/** Simulated alerting: rules evaluated against the simulated metrics, with silences persisted in the store. */
export class DemoAlerts implements AlertsPort {
  constructor(
    private readonly context: DemoContext,
    private readonly metrics: DemoMetrics,
  ) {}

  async list(filter: { service?: string; environment?: string; includeSilenced?: boolean }): Promise<Alert[]> {
    const { config } = this.context;
    const services = filter.service ? [resolveService(config, filter.service).name] : config.services.map((service) => service.name);
    const environments = filter.environment ? [resolveEnvironment(config, filter.environment)] : config.environments;
    const now = this.context.now().getTime();
    const silences = await this.activeSilences();
    const alerts: Alert[] = [];
    for (const service of services) {
      for (const environment of environments) {
        const observe = await this.metrics.observer(service, environment);
        const reading = observe(now);
        for (const rule of ALERT_RULES) {
          const result = rule.evaluate(reading);
          if (!result) continue;
          const startsAt = new Date(rule.startedAt?.(reading) ?? firingSince(rule, observe, now)).toISOString();
          const labels = { alertname: rule.name, service, environment, severity: result.severity };
          const matching = silences.filter((silence) => silence.alertName === rule.name && (silence.service === null || silence.service === service) && (!silence.environment || silence.environment === environment) && carries(labels, silence.labels ?? {}));
          const silencedUntil = matching.length ? matching.map((silence) => silence.endsAt).sort().at(-1)! : null;
          alerts.push({
            id: `alert-${hash32(rule.name, service, environment, startsAt).toString(36)}`,
            name: rule.name,
            service,
            environment,
            severity: result.severity,
            state: silencedUntil ? 'silenced' : 'firing',
            summary: `${service} ${environment}: ${result.summary}`,
            startsAt,
            silencedUntil,
          });
        }
      }
    }
    return alerts
      .filter((alert) => filter.includeSilenced || alert.state === 'firing')
      .sort((left, right) => SEVERITY_ORDER.indexOf(left.severity) - SEVERITY_ORDER.indexOf(right.severity) || left.startsAt.localeCompare(right.startsAt));
  }

  async countFiring(labels: Record<string, string>): Promise<number> {
    const firing = await this.list({});
    return firing.filter((alert) => carries({ alertname: alert.name, service: alert.service, environment: alert.environment, severity: alert.severity }, labels)).length;
  }

  async silence(request: SilenceRequest): Promise<Silence> {
    const rule = ruleNamed(request.alertName);
    if (!rule) throw new ToolFailure(`Unknown alert "${request.alertName}". Known alerts: ${ALERT_RULES.map((entry) => entry.name).join(', ')}.`);
    const service = request.service ? resolveService(this.context.config, request.service).name : null;
    const environment = request.environment ? resolveEnvironment(this.context.config, request.environment) : null;
    // The simulated alerts carry alertname, service, environment and severity; a label beyond those matches none of them, as in Alertmanager.
    const labels = request.labels ? { ...request.labels, alertname: rule.name } : undefined;
    const minutes = request.durationMinutes;
    if (!Number.isFinite(minutes) || minutes < 1 || minutes > MAX_SILENCE_MINUTES) {
      throw new ToolFailure(`A silence lasts between 1 and ${MAX_SILENCE_MINUTES} minutes (a week); got ${minutes}.`);
    }
    if (!request.comment.trim()) throw new ToolFailure('A silence needs a comment saying why, for whoever wonders where the alert went.');
    const now = this.context.now();
    let created: Silence | undefined;
    await this.context.kv.update<SilenceBook>(NAMESPACE, SILENCES_KEY, emptyBook, (book) => {
      created = {
        id: `silence-${book.nextNumber}`,
        alertName: rule.name,
        service,
        ...(environment ? { environment } : {}),
        ...(labels ? { labels } : {}),
        createdBy: request.createdBy,
        comment: request.comment.trim(),
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + minutes * MINUTE_MS).toISOString(),
      };
      // Expired silences are dropped as new ones arrive, so the document stays small.
      const live = book.silences.filter((silence) => Date.parse(silence.endsAt) > now.getTime());
      return { nextNumber: book.nextNumber + 1, silences: [...live, created] };
    });
    return created!;
  }

  async knownAlert(name: string): Promise<string | null> {
    return ruleNamed(name)?.name ?? null;
  }

  /** Silences in force now, optionally those of one alert (and service). */
  async activeSilences(filter: { alertName?: string; service?: string } = {}): Promise<Silence[]> {
    const now = this.context.now().getTime();
    const book = (await this.context.kv.get<SilenceBook>(NAMESPACE, SILENCES_KEY)) ?? emptyBook();
    const alertName = filter.alertName ? (ruleNamed(filter.alertName)?.name ?? filter.alertName) : undefined;
    return book.silences.filter(
      (silence) => Date.parse(silence.startsAt) <= now && Date.parse(silence.endsAt) > now && (!alertName || silence.alertName === alertName) && (!filter.service || silence.service === filter.service),
    );
  }

  /** Expires the named silences now (as Alertmanager does: the record stays, ending now). */
  async unsilence(ids: string[]): Promise<Silence[]> {
    const now = this.context.now();
    const expired: Silence[] = [];
    await this.context.kv.update<SilenceBook>(NAMESPACE, SILENCES_KEY, emptyBook, (book) => {
      expired.length = 0;
      const silences = book.silences.map((silence) => {
        const live = Date.parse(silence.startsAt) <= now.getTime() && Date.parse(silence.endsAt) > now.getTime();
        if (!live || !ids.includes(silence.id)) return silence;
        const ended = { ...silence, endsAt: now.toISOString() };
        expired.push(ended);
        return ended;
      });
      return { ...book, silences };
    });
    return expired;
  }
}

/** Whether an alert with `labels` carries every one of `matchers` exactly. */
function carries(labels: Record<string, string>, matchers: Record<string, string>): boolean {
  return Object.entries(matchers).every(([name, value]) => labels[name] === value);
}

function emptyBook(): SilenceBook {
  return { nextNumber: 1, silences: [] };
}

/** The earliest whole minute, going back from `now`, since which the rule has fired without a break. */
function firingSince(rule: AlertRule, observe: Observer, now: number): number {
  let since = now;
  const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  for (let step = 0; step < SCAN_MINUTES; step++) {
    const at = minute - step * MINUTE_MS;
    if (!rule.evaluate(observe(at))) break;
    since = at;
  }
  return since;
}
