import type { Health, MetricName, MetricSeries, MetricSnapshot, MetricsPort, ServiceStatus } from '../../src/backends/ports/metrics.js';

/** Monitoring whose health an operator sets by hand: a real MetricsPort whose answers follow `health`. */
export class HandSetMetrics implements MetricsPort {
  health: Health = 'NORMAL';

  async status(service: string, environment: string): Promise<ServiceStatus> {
    return { service, environment, overall: this.health, components: [{ name: 'web', status: this.health, detail: 'set by hand' }], version: null, checkedAt: new Date().toISOString() };
  }

  async snapshot(service: string, environment: string): Promise<MetricSnapshot> {
    return { service, environment, at: new Date().toISOString(), requestsPerSecond: 1, cpuPercent: 1, latencyP95Ms: 1, errorRatePercent: this.health === 'NORMAL' ? 0 : 10 };
  }

  async series(service: string, environment: string, metric: MetricName): Promise<MetricSeries> {
    return { service, environment, metric, unit: '', points: [] };
  }
}
