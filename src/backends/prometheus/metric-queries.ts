import type { PrometheusConfig } from '../../config/monitoring-schema.js';

/** Which figure a query gives: the metric contract's names. */
export type QueryName = keyof PrometheusConfig['queries'];

/** What a query is about: a service in an environment, optionally one of its components. */
export interface QueryTarget {
  service: string;
  environment: string;
  component?: string;
}

/** Builds PromQL from the configured templates, with the configured label names (`app`, `namespace`, `job`…). */
export class MetricQueries {
  constructor(private readonly config: Pick<PrometheusConfig, 'queries' | 'labels' | 'window'>) {}

  /** The template `name` with its placeholders filled for `target`. */
  build(name: QueryName, target: QueryTarget): string {
    const values: Record<string, string> = {
      selector: this.selector(target),
      service: quoted(target.service),
      environment: quoted(target.environment),
      component: quoted(target.component ?? ''),
      window: this.config.window,
    };
    // Templates were validated at load, so every placeholder here is known.
    return this.config.queries[name].replace(/\$([A-Za-z_]\w*)/g, (whole, word: string) => values[word] ?? whole);
  }

  /** `service="api",environment="production"` (plus the component when given). */
  selector(target: QueryTarget): string {
    const { labels } = this.config;
    const matchers = [`${labels.service}="${quoted(target.service)}"`, `${labels.environment}="${quoted(target.environment)}"`];
    if (target.component) matchers.push(`${labels.component}="${quoted(target.component)}"`);
    return matchers.join(',');
  }
}

/** Escapes a value for a PromQL double-quoted string. */
function quoted(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
