// Renders the chart the README shows (docs/frontend-metrics.png) and the demo's two dashboards
// (docs/dashboard-cpu-usage.png, docs/dashboard-checkout.png) from the demo fleet on a fixed clock, so the same
// commit always draws the same pictures: `npm run docs:chart` (builds first).
import { mkdirSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { createOpsbot } from '../dist/src/app.js';
import { anomalyWindows } from '../dist/src/backends/demo/fleet-model.js';
import { chartOf } from '../dist/src/charts/chart-spec.js';
import { renderChart } from '../dist/src/charts/render-chart.js';
import { demoConfig } from '../dist/src/config/demo-config.js';
import { validateConfig } from '../dist/src/app/validate-config.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const origin = { frontEnd: 'cli', conversationId: 'docs-chart' };

// The first strong latency anomaly of frontend in production from 2026-11-16 on: something worth looking at.
const firstDay = Math.floor(Date.parse('2026-11-16T00:00:00Z') / DAY_MS);
let anomaly;
for (let day = firstDay; !anomaly; day++) anomaly = anomalyWindows('frontend', 'production', day).find((window) => window.severity > 0.6 && window.start % DAY_MS > 8 * 3_600_000);

// The deploy runs on a clock that moves (the demo waits for its rollout); the chart is drawn at one fixed moment.
const started = Date.now();
const clock = { fixed: undefined, now: () => clock.fixed ?? new Date(anomaly.start - 3 * MINUTE_MS + (Date.now() - started)) };
const config = validateConfig({ ...demoConfig, demo: { ...demoConfig.demo, deploySeconds: 1 } });
const opsbot = await createOpsbot({ config, configSource: 'docs', memory: true, env: {}, now: () => clock.now() });
try {
  // A deploy just before the anomaly, proposed by one lead and approved by another, as production requires.
  const proposed = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin });
  if (proposed.status !== 'pending') throw new Error(proposed.text);
  const confirmed = await opsbot.gateway.confirm(proposed.action.id, 'U00LEAD2', origin);
  if (confirmed.status !== 'executed') throw new Error(confirmed.text);
  clock.fixed = new Date(anomaly.start + 8 * MINUTE_MS);
  const outcome = await opsbot.gateway.call({ tool: 'service_metrics', args: { service: 'frontend' }, actor: 'U00VIEWER', origin });
  const chart = outcome.status === 'ok' ? chartOf(outcome.data) : null;
  if (!chart) throw new Error(`no chart: ${outcome.text}`);
  const rendered = renderChart(chart);
  mkdirSync('docs', { recursive: true });
  writeFileSync('docs/frontend-metrics.png', rendered.png);
  process.stdout.write(`${outcome.text}\n\ndocs/frontend-metrics.png (${rendered.width}×${rendered.height})\nalt: ${rendered.altText}\n`);
  for (const name of ['cpu-usage', 'checkout']) {
    const dashboard = await opsbot.gateway.call({ tool: 'dashboard', args: { name }, actor: 'U00VIEWER', origin });
    const spec = dashboard.status === 'ok' ? chartOf(dashboard.data) : null;
    if (!spec) throw new Error(`no dashboard chart: ${dashboard.text}`);
    const drawn = renderChart(spec);
    writeFileSync(`docs/dashboard-${name}.png`, drawn.png);
    process.stdout.write(`\n${dashboard.text}\ndocs/dashboard-${name}.png (${drawn.width}×${drawn.height})\n`);
  }
} finally {
  await opsbot.close();
}
// Nothing else should hold the process open, but a stray demo timer must not keep a docs build waiting.
process.exit(0);
