import { ToolFailure } from '../../errors.js';
import type { ComponentStatus, MetricName, MetricSeries, MetricSnapshot, MetricsPort, SeriesRange, ServiceStatus } from '../ports/metrics.js';
import type { DemoContext } from './demo-context.js';
import type { DemoDeploys } from './demo-deploys.js';
import { runningState } from './deploy-ledger.js';
import { resolveEnvironment, resolveService, primaryEnvironment } from './fleet-catalog.js';
import { type Anomaly, type DeployEffects, type Figures, anomalyAt, baselineFigures, deployEffectsAt, withEffects } from './fleet-model.js';
import { describeFigures, healthOf, worstHealth } from './health-rules.js';
import { type ServiceProfile, profileOf } from './service-profiles.js';
import { assertReachable, isDown } from './simulated-outage.js';

/** Everything the simulated monitoring knows about one service in one environment at one moment. */
export interface Reading {
  service: string;
  environment: string;
  at: number;
  profile: ServiceProfile;
  components: string[];
  figures: Figures;
  /** Figures of the components an anomaly or failed deploy does not touch. */
  unaffected: Figures;
  anomaly: Anomaly | null;
  effects: DeployEffects;
  version: string | null;
}

/** Readings at any time for one service and environment, from one load of its deploy ledger. */
export type Observer = (at: number) => Reading;

// Enough points for a day at one-minute steps; finer requests are refused rather than computed.
const MAX_POINTS = 1441;
const UNITS: Record<MetricName, string> = { requests: 'req/s', cpu: '%', latency_p95: 'ms', error_rate: '%' };

/** Simulated monitoring: deterministic figures per (service, environment, time), marked by anomalies and deploys. */
export class DemoMetrics implements MetricsPort {
  constructor(
    private readonly context: DemoContext,
    private readonly deploys: DemoDeploys,
  ) {}

  async status(service: string, environment: string): Promise<ServiceStatus> {
    const { config, now } = this.context;
    const resolved = resolveService(config, service);
    const env = resolveEnvironment(config, environment);
    const checkedAt = now().toISOString();
    if (isDown(config, 'metrics')) {
      // Status answers UNKNOWN rather than failing: "we cannot tell" is itself the status a person needs.
      const components: ComponentStatus[] = resolved.components.map((name) => ({ name, status: 'UNKNOWN', detail: 'metrics backend unreachable (simulated outage)' }));
      const version = await this.deploys.current(resolved.name, env).then((current) => current.version).catch(() => null);
      return { service: resolved.name, environment: env, overall: 'UNKNOWN', components, version, checkedAt };
    }
    const reading = (await this.observer(resolved.name, env))(now().getTime());
    const components = componentStatuses(reading);
    return { service: reading.service, environment: env, overall: worstHealth(components.map((entry) => entry.status)), components, version: reading.version, checkedAt };
  }

  async snapshot(service: string, environment: string): Promise<MetricSnapshot> {
    assertReachable(this.context.config, 'metrics');
    const at = this.context.now();
    const reading = (await this.observer(service, environment))(at.getTime());
    return { service: reading.service, environment: reading.environment, at: at.toISOString(), ...reading.figures };
  }

  async series(service: string, environment: string, metric: MetricName, range: SeriesRange): Promise<MetricSeries> {
    assertReachable(this.context.config, 'metrics');
    if (!(metric in UNITS)) throw new ToolFailure(`Unknown metric "${metric}". Known metrics: ${Object.keys(UNITS).join(', ')}.`);
    const observe = await this.observer(service, environment);
    const from = range.from.getTime();
    // Monitoring knows nothing about the future: the series stops at the current time.
    const to = Math.min(range.to.getTime(), this.context.now().getTime());
    const step = range.stepSeconds * 1000;
    if (!(step > 0)) throw new ToolFailure('The step must be a positive number of seconds.');
    if (to < from) throw new ToolFailure('The range ends before it starts (or starts in the future).');
    const count = Math.floor((to - from) / step) + 1;
    if (count > MAX_POINTS) throw new ToolFailure(`That range and step give ${count} points; at most ${MAX_POINTS - 1} are served. Use a larger step.`);
    // The simulated history goes back indefinitely, so an offset (yesterday, last week) is a shifted reading.
    const offset = (range.offsetSeconds ?? 0) * 1000;
    const points: Array<[number, number]> = [];
    for (let index = 0; index < count; index++) {
      const at = from + index * step;
      points.push([Math.floor(at / 1000), valueOf(observe(at - offset).figures, metric)]);
    }
    const first = observe(from);
    return { service: first.service, environment: first.environment, metric, unit: UNITS[metric], points };
  }

  /** Loads a service's deploys once and returns a function giving readings at any time (alerts scan back in time with it). */
  async observer(service: string, environment: string): Promise<Observer> {
    const resolved = resolveService(this.context.config, service);
    const env = resolveEnvironment(this.context.config, environment);
    const ledger = await this.deploys.ledger(resolved.name);
    const deploys = ledger.deploys.filter((deploy) => deploy.environment === env);
    const profile = profileOf(resolved.name, env === primaryEnvironment(this.context.config));
    return (at) => {
      const base = baselineFigures(profile, resolved.name, env, at);
      const anomaly = anomalyAt(resolved.name, env, at);
      const effects = deployEffectsAt(deploys, at);
      return {
        service: resolved.name,
        environment: env,
        at,
        profile,
        components: resolved.components,
        figures: withEffects(base, anomaly, effects),
        unaffected: withEffects(base, null, { rollout: effects.rollout, failure: null }),
        anomaly,
        effects,
        version: runningState(ledger, env, new Date(at)).version,
      };
    };
  }
}

/** Per-component health: the component an anomaly (or failed deploy) hits carries its figures; the others look normal. */
function componentStatuses(reading: Reading): ComponentStatus[] {
  const { components, anomaly, effects } = reading;
  const culprit = anomaly ? anomaly.componentSeed % components.length : -1;
  return components.map((name, index) => {
    // The first component is the one a deploy replaces (web, gateway, login, checkout in the demo).
    const deployed = index === 0;
    const affected = index === culprit || (deployed && effects.failure !== null);
    const figures = affected ? reading.figures : reading.unaffected;
    const notes = [describeFigures(figures)];
    if (deployed && effects.rollout) notes.push(`rolling out ${effects.rollout.version} (${Math.round(Math.min(1, effects.rollout.progress) * 100)}%)`);
    if (deployed && effects.failure) notes.push(`deploy of ${effects.failure.deploy.version} failed ${Math.round(effects.failure.sinceMs / 60_000)} min ago`);
    return { name, status: healthOf(figures, reading.profile), detail: notes.join('; ') };
  });
}

function valueOf(figures: Figures, metric: MetricName): number {
  if (metric === 'requests') return figures.requestsPerSecond;
  if (metric === 'cpu') return figures.cpuPercent;
  if (metric === 'latency_p95') return figures.latencyP95Ms;
  return figures.errorRatePercent;
}
