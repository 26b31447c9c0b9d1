import { PrometheusClient } from '../../backends/prometheus/prometheus-client.js';
import { MetricQueries, type MetricService, type QueryName } from '../../backends/prometheus/metric-queries.js';
import { CONVENTIONS, type ConventionName } from '../../config/metric-conventions.js';
import type { PrometheusConfig } from '../../config/monitoring-schema.js';
import type { Config } from '../../config/schema.js';
import { type DoctorCheck, failedCheck } from './doctor-report.js';

const FIGURES: QueryName[] = ['up', 'requests', 'errorRate', 'latencyP95', 'cpu'];
// Labels teams name services by, most common first; only those the server has are asked about.
const NAMING_LABELS = ['job', 'service', 'app', 'app_kubernetes_io_name', 'service_name', 'application', 'container', 'destination_service_name', 'k8s_app'];
// The request counter each convention reads, to tell from a service's series how it is instrumented.
const CONVENTION_COUNTERS: Record<ConventionName, string> = {
  otel: 'http_server_request_duration_seconds_count',
  prometheus: 'http_requests_total',
  micrometer: 'http_server_requests_seconds_count',
  istio: 'istio_requests_total',
  'ingress-nginx': 'nginx_ingress_controller_requests',
};

/**
 * Prometheus as opsbot will read it: each server reachable and its version; each service × environment × figure
 * with its query and how many series it returned; where a service finds nothing, the labels that do carry its name
 * and the selector (and naming) that would match. Every request is bounded by backends.metrics.timeoutSeconds.
 */
export async function prometheusChecks(config: Config, metrics: PrometheusConfig, token: string | undefined, now: Date): Promise<DoctorCheck[]> {
  const queries = new MetricQueries(metrics);
  const clients = new Map<string, PrometheusClient>();
  const clientFor = (url: string) => {
    if (!clients.has(url)) clients.set(url, new PrometheusClient({ url, token, timeoutMs: metrics.timeoutSeconds * 1000 }));
    return clients.get(url)!;
  };
  const urls = [...new Set(config.environments.map((environment) => queries.url(environment)))];
  const servers = await Promise.all(
    urls.map(async (url): Promise<DoctorCheck> => {
      try {
        return { system: 'prometheus', subject: url, status: 'ok', found: [`reachable, Prometheus ${await clientFor(url).version()}`], suggestions: [] };
      } catch (error) {
        return failedCheck('prometheus', url, error);
      }
    }),
  );
  const down = new Set(servers.filter((check) => check.status === 'problem').map((check) => check.subject));
  const services: DoctorCheck[] = [];
  for (const service of config.services) {
    for (const environment of config.environments) {
      const url = queries.url(environment);
      if (down.has(url)) continue;
      try {
        services.push(await serviceCheck(service, environment, queries, clientFor(url), metrics, now));
      } catch (error) {
        services.push(failedCheck('prometheus', `${service.name} in ${environment}`, error));
      }
    }
  }
  return [...servers, ...services];
}

async function serviceCheck(service: MetricService, environment: string, queries: MetricQueries, client: PrometheusClient, metrics: PrometheusConfig, now: Date): Promise<DoctorCheck> {
  const target = { service: service.name, environment };
  const planned = FIGURES.map((figure) => queries.plan(figure, service, target));
  const counts = await Promise.all(planned.map(async (query) => (await client.query(query.query, now)).length));
  const found = planned.map((query, index) => `${query.figure}: ${query.query} → ${counts[index]} series`);
  const count = (figure: QueryName) => counts[FIGURES.indexOf(figure)]!;
  const subject = `${service.name} in ${environment} (${planned[0]!.selector})`;
  if (count('up') > 0 || count('requests') > 0) {
    const missing = FIGURES.filter((figure) => count(figure) === 0);
    // Some figures missing is worth knowing (a service without a latency histogram), not a reason it cannot be read.
    return { system: 'prometheus', subject, status: missing.length ? 'warning' : 'ok', found: [...found, ...(missing.length ? [`no series for ${missing.join(', ')}: those figures show n/a`] : [])], suggestions: [] };
  }
  const hint = await matchingLabels(service, client, metrics);
  return { system: 'prometheus', subject, status: 'problem', found: [...found, `nothing matches ${planned[0]!.selector}`, ...hint.found], suggestions: hint.suggestions };
}

/** The labels whose values name the service, the series they find, and the config that would select them. */
async function matchingLabels(service: MetricService, client: PrometheusClient, metrics: PrometheusConfig): Promise<{ found: string[]; suggestions: string[] }> {
  const present = new Set(await client.labelNames());
  const candidates = NAMING_LABELS.filter((label) => present.has(label));
  const values = await Promise.all(candidates.map(async (label) => ({ label, values: await client.labelValues(label) })));
  const exact = values.find((entry) => entry.values.includes(service.name));
  if (!exact) {
    const near = values.flatMap((entry) => entry.values.filter((value) => value.includes(service.name)).map((value) => `${entry.label}="${value}"`));
    return {
      found: [`no label value equals "${service.name}" (looked in ${candidates.join(', ') || 'no naming labels'}; labels here: ${[...present].filter((label) => label !== '__name__').join(', ')})`, ...(near.length ? [`values that contain it: ${near.slice(0, 5).join(', ')}`] : [])],
      suggestions: [],
    };
  }
  const selector = `{${exact.label}="${service.name}"}`;
  const series = await client.series(selector);
  const names = new Set(series.map((labels) => labels.__name__ ?? ''));
  const labels = [...new Set(series.flatMap((labels) => Object.keys(labels)))].filter((label) => label !== '__name__').sort();
  const detected = (Object.entries(CONVENTION_COUNTERS) as Array<[ConventionName, string]>).find(([, counter]) => names.has(counter))?.[0];
  const current = service.metrics?.conventions ?? metrics.conventions;
  const suggestions = [`services[${service.name}].metrics.selector: '${selector}'`];
  if (detected && detected !== current) suggestions.push(`services[${service.name}].metrics.conventions: ${detected}`);
  return {
    found: [
      `${series.length} series carry ${exact.label}="${service.name}" (labels on them: ${labels.join(', ')})`,
      ...(detected ? [`request metrics named as ${detected}: ${CONVENTIONS[detected].requests}`] : ['no request metrics of a known naming among them']),
    ],
    suggestions,
  };
}
