/**
 * How request metrics are spelled in the stacks teams already run (`backends.metrics.conventions`, or per service
 * `services[].metrics.conventions`), each as the exact PromQL opsbot runs; README "Connect your Prometheus" prints this
 * table. `$selector` is the service's (or component's) label matchers joined with the environment's.
 */

/** The naming conventions opsbot knows. */
export const CONVENTION_NAMES = ['otel', 'prometheus', 'micrometer', 'istio', 'ingress-nginx'] as const;
export type ConventionName = (typeof CONVENTION_NAMES)[number];

/** The figures a convention decides; cpu, up and critical alerts do not depend on how requests are named. */
export interface ConventionQueries {
  requests: string;
  errorRate: string;
  latencyP95: string;
  /** The label that names a service when no selector is given (`{service="checkout"}` by default). */
  serviceLabel: string;
}

/**
 * The error ratio over a counter: the 5xx part `or vector(0)`, so live traffic without errors is 0% (an empty vector is
 * not "no data"), over all requests, so no traffic at all stays empty (n/a, "no requests").
 */
function errorRatio(counter: string, errorMatchers: string[], always = ''): string {
  const errors = errorMatchers.map((matcher) => `sum(rate(${counter}{$selector${always},${matcher}}[$window]))`).join(' or ');
  return `100 * (${errors} or vector(0)) / sum(rate(${counter}{$selector${always}}[$window]))`;
}

function p95(bucket: string, toMilliseconds: boolean): string {
  const quantile = `histogram_quantile(0.95, sum by (le) (rate(${bucket}{$selector}[$window])))`;
  return toMilliseconds ? `1000 * ${quantile}` : quantile;
}

export const CONVENTIONS: Record<ConventionName, ConventionQueries> = {
  // OpenTelemetry HTTP semantic conventions as the Prometheus exporter writes them (seconds, `_count` of the histogram).
  otel: {
    requests: 'sum(rate(http_server_request_duration_seconds_count{$selector}[$window]))',
    errorRate: errorRatio('http_server_request_duration_seconds_count', ['http_response_status_code=~"5.."']),
    latencyP95: p95('http_server_request_duration_seconds_bucket', true),
    serviceLabel: 'service',
  },
  // The client libraries' classic names; some label the status `code`, some `status`: whichever the service has.
  prometheus: {
    requests: 'sum(rate(http_requests_total{$selector}[$window]))',
    errorRate: errorRatio('http_requests_total', ['code=~"5.."', 'status=~"5.."']),
    latencyP95: p95('http_request_duration_seconds_bucket', true),
    serviceLabel: 'service',
  },
  // Spring Boot's Micrometer registry (latency needs `percentiles-histogram` on, as for any Prometheus quantile).
  micrometer: {
    requests: 'sum(rate(http_server_requests_seconds_count{$selector}[$window]))',
    errorRate: errorRatio('http_server_requests_seconds_count', ['status=~"5.."']),
    latencyP95: p95('http_server_requests_seconds_bucket', true),
    serviceLabel: 'service',
  },
  // Istio's standard metrics, as the destination reports them (each request once), already in milliseconds.
  istio: {
    requests: 'sum(rate(istio_requests_total{$selector,reporter="destination"}[$window]))',
    errorRate: errorRatio('istio_requests_total', ['response_code=~"5.."'], ',reporter="destination"'),
    latencyP95: 'histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{$selector,reporter="destination"}[$window])))',
    serviceLabel: 'destination_service_name',
  },
  // ingress-nginx's controller metrics, by the backend `service` they route to.
  'ingress-nginx': {
    requests: 'sum(rate(nginx_ingress_controller_requests{$selector}[$window]))',
    errorRate: errorRatio('nginx_ingress_controller_requests', ['status=~"5.."']),
    latencyP95: p95('nginx_ingress_controller_request_duration_seconds_bucket', true),
    serviceLabel: 'service',
  },
};

/** CPU of processes (`process_cpu_seconds_total`), or of containers when the selector picks Kubernetes objects. */
export const CPU_QUERIES = {
  process: '100 * avg(rate(process_cpu_seconds_total{$selector}[$window]))',
  container: '100 * avg(rate(container_cpu_usage_seconds_total{$selector,container!="",container!="POD"}[$window]))',
};

/** A selector that matches on these labels names Kubernetes objects, whose CPU cAdvisor reports per container. */
export const CONTAINER_LABELS = ['namespace', 'pod', 'container'];

export const UP_QUERY = 'up{$selector}';
export const CRITICAL_ALERTS_QUERY = 'ALERTS{$selector,alertstate="firing",severity="critical"}';
