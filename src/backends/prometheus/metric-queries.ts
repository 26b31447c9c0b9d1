import { CONTAINER_LABELS, CONVENTIONS, CPU_QUERIES, CRITICAL_ALERTS_QUERY, UP_QUERY } from '../../config/metric-conventions.js';
import type { PrometheusConfig, QueryName } from '../../config/monitoring-schema.js';
import type { Service } from '../../config/schema.js';
import { ToolFailure } from '../../errors.js';

export type { QueryName };

/** What a query is about: a service in an environment, optionally one of its components. */
export interface QueryTarget {
  service: string;
  environment: string;
  component?: string;
}

/** One query as it will run: the figure, the PromQL, the matchers it narrows by, and the Prometheus it goes to. */
export interface PlannedQuery {
  figure: QueryName;
  query: string;
  selector: string;
  url: string;
}

/** What the planner reads of a catalog service. */
export type MetricService = Pick<Service, 'name' | 'components'> & Partial<Pick<Service, 'metrics'>>;

/**
 * Turns a service, environment and figure into PromQL and a Prometheus URL (README "Connect your Prometheus"): the
 * service's selector (or its component's) joined with the environment's, and the template of the figure from the
 * service's queries, the backend's, or the naming conventions, in that order. No label is required on any series.
 */
export class MetricQueries {
  constructor(private readonly config: PrometheusConfig) {}

  /** The query of figure `name` for `target`, with where it goes. */
  plan(name: QueryName, service: MetricService, target: QueryTarget): PlannedQuery {
    const selector = this.selector(service, target);
    const values: Record<string, string> = {
      selector: inner(selector),
      service: quoted(target.service),
      environment: quoted(target.environment),
      component: quoted(target.component ?? ''),
      window: this.config.window,
    };
    // Templates were validated at load, so every placeholder here is known.
    const query = this.template(name, service, selector).replace(/\$([A-Za-z_]\w*)/g, (whole, word: string) => values[word] ?? whole);
    return { figure: name, query, selector, url: this.url(target.environment) };
  }

  /** The service's components: its selectors, else the catalog's names when a component label is configured, else itself. */
  components(service: MetricService): string[] {
    if (service.metrics?.components) return Object.keys(service.metrics.components);
    return this.config.labels.component ? service.components : [service.name];
  }

  /** `{job="checkout",cluster="prod"}`: the matchers that find the target's series. */
  selector(service: MetricService, target: QueryTarget): string {
    const own = target.component ? this.componentSelector(service, target.component) : this.serviceSelector(service);
    const environment = this.config.environments[target.environment]?.selector;
    const label = this.config.labels.environment;
    const environmentMatchers = environment !== undefined ? inner(environment) : label ? `${label}="${quoted(target.environment)}"` : '';
    return `{${[own, environmentMatchers].filter(Boolean).join(',')}}`;
  }

  /** The Prometheus that holds an environment: its own URL, else the backend's. */
  url(environment: string): string {
    const url = this.config.environments[environment]?.url ?? this.config.url;
    if (!url) throw new ToolFailure(`No Prometheus is configured for ${environment}: set backends.metrics.environments.${environment}.url or backends.metrics.url.`);
    return url;
  }

  private serviceSelector(service: MetricService): string {
    if (service.metrics?.selector) return inner(service.metrics.selector);
    const label = this.config.labels.service ?? CONVENTIONS[this.conventions(service)].serviceLabel;
    return `${label}="${quoted(service.name)}"`;
  }

  private componentSelector(service: MetricService, component: string): string {
    const declared = service.metrics?.components?.[component];
    if (declared) return inner(declared);
    const label = this.config.labels.component;
    // One component that is the whole service, or a catalog component found by its label.
    return label && component !== service.name ? `${this.serviceSelector(service)},${label}="${quoted(component)}"` : this.serviceSelector(service);
  }

  private conventions(service: MetricService) {
    return service.metrics?.conventions ?? this.config.conventions;
  }

  private template(name: QueryName, service: MetricService, selector: string): string {
    const override = service.metrics?.queries?.[name] ?? this.config.queries[name];
    if (override) return override;
    switch (name) {
      case 'up':
        return UP_QUERY;
      case 'criticalAlerts':
        return CRITICAL_ALERTS_QUERY;
      case 'cpu':
        return selectsContainers(selector) ? CPU_QUERIES.container : CPU_QUERIES.process;
      default:
        return CONVENTIONS[this.conventions(service)][name];
    }
  }
}

/** A selector on Kubernetes objects (namespace, pod, container) finds containers, whose CPU cAdvisor reports. */
function selectsContainers(selector: string): boolean {
  return CONTAINER_LABELS.some((label) => new RegExp(`[{,]\\s*${label}\\s*(?:=~|!~|!=|=)`).test(selector));
}

/** The matchers between a selector's braces, without a trailing comma. */
function inner(selector: string): string {
  return selector.trim().replace(/^\{/, '').replace(/\}$/, '').trim().replace(/,\s*$/, '');
}

/** Escapes a value for a PromQL double-quoted string. */
function quoted(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
