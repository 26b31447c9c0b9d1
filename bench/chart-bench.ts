import { LogLevel } from '@slack/bolt';
import { CommandRouter } from '../src/agent/router/command-router.js';
import { createOpsbot } from '../src/app.js';
import { RedactingLogger } from '../src/bot/slack/redacting-logger.js';
import { startSlackFrontEnd } from '../src/bot/slack/slack-front-end.js';
import { chartOf, type ChartSpec } from '../src/charts/chart-spec.js';
import { renderChart } from '../src/charts/render-chart.js';
import { demoConfig } from '../src/config/demo-config.js';
import { validateConfig } from '../src/app/validate-config.js';
import { FakeSlackApi, SlackRequestSender } from '../test/support/fake-slack-api.js';
import { sized } from './bench-size.js';

const RENDERS = sized(200, 10);
const WARM_UP = sized(5, 1);
const QUESTIONS = sized(30, 3);
const SECRET = 'bench-signing-secret';
const CHANNEL = 'C0BENCH';
const TARGET_MEDIAN_MS = 150;

/**
 * Render time per chart (the four-panel service_metrics chart, a one-metric chart and both demo dashboards, from
 * real tool results), then the time a chart adds in Slack: from the text answer reaching the loopback Web API to
 * files.completeUploadExternal, over the real three-step upload, with the offline router answering.
 */
export async function run(): Promise<void> {
  const config = validateConfig(demoConfig);
  const opsbot = await createOpsbot({ config, configSource: 'bench', memory: true, env: {} });
  try {
    const origin = { frontEnd: 'test' as const, conversationId: 'chart-bench' };
    const charts: Array<{ name: string; spec: ChartSpec }> = [];
    for (const [name, tool, args] of [
      ['service_metrics frontend 1h (4 panels)', 'service_metrics', { service: 'frontend' }],
      ['service_metrics payments 24h latency (1 panel)', 'service_metrics', { service: 'payments', range: '24h', metric: 'latency_p95' }],
      ['dashboard cpu-usage (2 panels × 4 lines)', 'dashboard', { name: 'cpu-usage' }],
      ['dashboard checkout (4 panels)', 'dashboard', { name: 'checkout' }],
    ] as const) {
      const outcome = await opsbot.gateway.call({ tool, args, actor: 'U00VIEWER', origin });
      const spec = outcome.status === 'ok' ? chartOf(outcome.data) : null;
      if (!spec) throw new Error(`${name}: no chart (${outcome.text})`);
      charts.push({ name, spec });
    }
    console.log(`render (SVG + resvg → PNG), ${RENDERS} runs each; target median < ${TARGET_MEDIAN_MS} ms`);
    for (const { name, spec } of charts) {
      const times: number[] = [];
      let bytes = 0;
      for (let index = 0; index < RENDERS + WARM_UP; index++) {
        const started = performance.now();
        bytes = renderChart(spec).png.length;
        if (index >= WARM_UP) times.push(performance.now() - started);
      }
      console.log(`  ${name.padEnd(48)} median ${format(percentile(times, 50))}   p99 ${format(percentile(times, 99))}   ${Math.round(bytes / 1024)} KiB`);
    }
  } finally {
    await opsbot.close();
  }
  await slackAddedTime(config);
}

async function slackAddedTime(config: ReturnType<typeof validateConfig>): Promise<void> {
  const fake = await new FakeSlackApi().start();
  const opsbot = await createOpsbot({ config, configSource: 'bench', memory: true, env: {} });
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  const frontEnd = await startSlackFrontEnd(opsbot, router, {
    settings: { mode: 'http', botToken: 'xoxb-bench-token-0000', signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl },
    router,
    logger: new RedactingLogger(LogLevel.ERROR, () => undefined),
    listen: { host: '127.0.0.1', port: 0 },
    sweepIntervalMs: 3_600_000,
    watchIntervalMs: 3_600_000,
  });
  const sender = new SlackRequestSender(`http://127.0.0.1:${frontEnd.port}/slack/events`, SECRET);
  const toAnswer: number[] = [];
  const added: number[] = [];
  try {
    for (let index = 0; index < QUESTIONS + WARM_UP; index++) {
      const ts = `1780001000.${String(index).padStart(6, '0')}`;
      const first = fake.calls.length;
      const started = performance.now();
      await sender.event({ type: 'app_mention', user: 'U00VIEWER', text: "<@U0BOT> how's frontend load?", ts, channel: CHANNEL, team: 'T0TEAM' });
      await frontEnd.idle();
      const calls = fake.calls.slice(first);
      const complete = calls.find((call) => call.method === 'files.completeUploadExternal');
      const request = calls.findIndex((call) => call.method === 'files.getUploadURLExternal');
      // The answer is the last message call before the upload starts (the progress message edited into the answer).
      const answer = calls.slice(0, request).filter((call) => call.method.startsWith('chat.')).at(-1);
      if (!complete || !answer) throw new Error(`question ${index}: no chart uploaded (${calls.map((call) => call.method).join(', ')})`);
      if (index < WARM_UP) continue;
      toAnswer.push(answer.at - started);
      added.push(complete.at - answer.at);
    }
    console.log(`Slack, "how's frontend load?" × ${QUESTIONS} against the loopback Web API (offline router):`);
    console.log(`  question → text answer        median ${format(percentile(toAnswer, 50))}   p99 ${format(percentile(toAnswer, 99))}`);
    console.log(`  text answer → chart in thread median ${format(percentile(added, 50))}   p99 ${format(percentile(added, 99))}   (render + 3 upload steps)`);
  } finally {
    sender.close();
    await frontEnd.stop();
    await opsbot.close();
    await fake.close();
  }
}

function percentile(values: number[], rank: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil((rank / 100) * sorted.length) - 1)] ?? 0;
}

function format(milliseconds: number): string {
  return `${milliseconds.toFixed(1)} ms`;
}
