import { afterEach, describe, expect, it } from 'vitest';
import { anomalyAt } from '../../src/backends/demo/fleet-model.js';
import type { DeployRecord } from '../../src/backends/ports/deploys.js';
import type { MetricSeries } from '../../src/backends/ports/metrics.js';
import { compareWithBaselines, type BaselineComparison } from '../../src/tools/baselines.js';
import { METRICS } from '../../src/tools/metrics.js';
import { strongAnomaly } from '../backends/demo/anomaly-finder.js';
import { testOpsbot } from '../support/test-opsbot.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
let opsbot: Awaited<ReturnType<typeof testOpsbot>> | undefined;

afterEach(async () => {
  await opsbot?.cleanup();
  opsbot = undefined;
});

async function metricsAt(now: Date, overrides = {}) {
  opsbot = await testOpsbot({ now: () => now, overrides });
  const outcome = await opsbot.gateway.call({ tool: 'service_metrics', args: { service: 'frontend', range: '1h' }, actor: 'U00VIEWER', origin: { frontEnd: 'test', conversationId: 'baselines' } });
  if (outcome.status !== 'ok') throw new Error(outcome.text);
  return { text: outcome.text, baseline: (outcome.data as { baseline: BaselineComparison }).baseline };
}

/** A time whose last half hour, and the same half hour a day and a week before, hold no anomaly. */
function quietTime(before: number): Date {
  const quiet = (at: number) => [0, DAY, 7 * DAY].every((offset) => [0, 10, 20, 30].every((minutes) => anomalyAt('frontend', 'production', at - offset - minutes * MINUTE) === null));
  for (let at = before; ; at -= 30 * MINUTE) if (quiet(at)) return new Date(at);
}

describe('service_metrics baselines on the demo fleet', () => {
  it('flags the latency of a known anomaly against the same time yesterday and last week, with when it began', async () => {
    const anomaly = strongAnomaly('frontend', 'production');
    const now = new Date(anomaly.start + 6 * MINUTE);
    // The comparison only means something if yesterday and last week were quiet at this hour.
    expect(anomalyAt('frontend', 'production', now.getTime() - DAY)).toBeNull();
    expect(anomalyAt('frontend', 'production', now.getTime() - 7 * DAY)).toBeNull();
    const { text, baseline } = await metricsAt(now);
    const latency = baseline.figures.find((figure) => figure.metric === 'latency_p95')!;
    expect(baseline.normal).toBe(false);
    expect(latency.unusual).toBe(true);
    expect(latency.ratio).toBeGreaterThan(1.5);
    expect(latency.dayAgo).not.toBeNull();
    expect(latency.weekAgo).not.toBeNull();
    // It began with the anomaly window, not before it and not at the last point only.
    const since = Date.parse(latency.since!);
    expect(since).toBeGreaterThanOrEqual(anomaly.start);
    expect(since).toBeLessThanOrEqual(anomaly.start + 2 * MINUTE);
    expect(text).toMatch(new RegExp(`p95 latency \\d+ ms, \\d+\\.\\d× its usual for this hour, since ${new Date(since).toISOString().slice(11, 16)}`));
  });

  it('says normal for this time when nothing is off', async () => {
    const { text, baseline } = await metricsAt(quietTime(Date.parse('2026-11-25T11:00:00Z')));
    expect(baseline.normal).toBe(true);
    expect(baseline.figures.every((figure) => figure.ratio !== null && figure.ratio > 0.6 && figure.ratio < 1.5)).toBe(true);
    expect(text).toContain('normal for this time');
  });

  it('takes its threshold from config', async () => {
    const anomaly = strongAnomaly('frontend', 'production');
    const { baseline } = await metricsAt(new Date(anomaly.start + 6 * MINUTE), { baselines: { threshold: 50 } });
    expect(baseline.threshold).toBe(50);
    expect(baseline.normal).toBe(true);
  });
});

describe('compareWithBaselines', () => {
  const start = Date.parse('2026-11-21T13:00:00Z') / 1000;
  const series = (value: (minute: number) => number): MetricSeries => ({
    service: 'frontend',
    environment: 'production',
    metric: 'latency_p95',
    unit: 'ms',
    points: Array.from({ length: 61 }, (_, minute) => [start + minute * 60, value(minute)]),
  });
  const steady = (value: number) => METRICS.map(() => series(() => value));

  it('names the deploy that started just before the change', () => {
    const deploy: DeployRecord = {
      id: 'd1', kind: 'deploy', service: 'frontend', environment: 'production', version: 'v2.4.0', previousVersion: 'v2.3.1', state: 'succeeded', progress: 1,
      requestedBy: 'U00LEAD', startedAt: '2026-11-21T13:40:00.000Z', finishedAt: '2026-11-21T13:41:00.000Z', message: '',
    };
    // Latency jumps from 54 to 167 ms at 13:42; the deploy started at 13:40.
    const current = METRICS.map((metric) => series((minute) => (metric.name === 'latency_p95' && minute >= 42 ? 167 : 54)));
    const comparison = compareWithBaselines({ metrics: METRICS, current, dayAgo: steady(54), weekAgo: steady(54), threshold: 1.5, deploys: [deploy] });
    expect(comparison.summary).toBe('Unusual for this time: p95 latency 167 ms, 3.1× its usual for this hour, since 13:42 — deploy v2.4.0 at 13:40.');
    expect(comparison.figures[2]).toMatchObject({ unusual: true, since: '2026-11-21T13:42:00.000Z', deploy: { version: 'v2.4.0', by: 'U00LEAD' } });
  });

  it('does not call a tiny error rate unusual for being a multiple of a tinier one, nor low latency bad news', () => {
    const current = METRICS.map((metric) => series(() => (metric.name === 'error_rate' ? 0.3 : metric.name === 'latency_p95' ? 10 : 54)));
    const usual = METRICS.map((metric) => series(() => (metric.name === 'error_rate' ? 0.05 : 54)));
    expect(compareWithBaselines({ metrics: METRICS, current, dayAgo: usual, weekAgo: usual, threshold: 1.5, deploys: [] }).normal).toBe(true);
  });

  it('calls a traffic drop unusual', () => {
    const current = METRICS.map((metric) => series(() => (metric.name === 'requests' ? 10 : 54)));
    const comparison = compareWithBaselines({ metrics: METRICS, current, dayAgo: steady(54), weekAgo: steady(54), threshold: 1.5, deploys: [] });
    expect(comparison.figures[0]).toMatchObject({ metric: 'requests', unusual: true });
    expect(comparison.summary).toContain('requests 10.0 req/s, 19% of its usual for this hour');
  });

  it('makes no comparison without data: none then, or none now, is never "normal for this time"', () => {
    const empty = METRICS.map((): MetricSeries => ({ ...series(() => 0), points: [] }));
    const fresh = compareWithBaselines({ metrics: METRICS, current: steady(54), dayAgo: empty, weekAgo: empty, threshold: 1.5, deploys: [] });
    expect(fresh).toMatchObject({ normal: false, summary: 'No data from yesterday or last week to compare with.' });
    expect(fresh.figures.every((figure) => !figure.compared && figure.usual === null)).toBe(true);
    const silent = compareWithBaselines({ metrics: METRICS, current: empty, dayAgo: steady(54), weekAgo: steady(54), threshold: 1.5, deploys: [] });
    expect(silent).toMatchObject({ normal: false, summary: 'No data now to compare with yesterday or last week.' });
    // Only the figures that had a then are called normal; the others are named.
    const partly = compareWithBaselines({ metrics: METRICS, current: steady(54), dayAgo: METRICS.map((metric, index) => (index === 3 ? empty[index]! : series(() => 54))), weekAgo: empty, threshold: 1.5, deploys: [] });
    expect(partly).toMatchObject({ normal: true, summary: 'Compared with this time yesterday and last week: normal for this time (no data to compare error rate with).' });
  });
});
