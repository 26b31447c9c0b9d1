import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogLevel } from '@slack/bolt';
import type { Inbound, Reply, Responder } from '../src/agent/responder.js';
import { CommandRouter } from '../src/agent/router/command-router.js';
import { createOpsbot } from '../src/app.js';
import { RedactingLogger } from '../src/bot/slack/redacting-logger.js';
import { startSlackFrontEnd } from '../src/bot/slack/slack-front-end.js';
import { demoConfig } from '../src/config/demo-config.js';
import { validateConfig } from '../src/app/validate-config.js';
import { FakeSlackApi, SlackRequestSender } from '../test/support/fake-slack-api.js';

const EVENTS = 1000;
const RATE_PER_SECOND = 200;
const MODEL_MS = 2000;
const WARM_UP = 20;
const SECRET = 'bench-signing-secret';
const GENERATOR_FLAG = '--slack-load-generator';

/** A model that thinks for two seconds: the turn is slow, the ack and the first feedback must not be. */
class SlowModel implements Responder {
  async respond(message: Inbound): Promise<Reply> {
    await new Promise((resolve) => setTimeout(resolve, MODEL_MS));
    return { text: `answered: ${message.text}`, actions: [], offline: false };
  }
}

interface Scenario {
  name: string;
  statusSupported: boolean;
}

/** What the load generator reports back. */
interface Figures {
  ackMs: number[];
  feedbackMs: number[];
  nonOk: number;
  answered: number;
  sendSeconds: number;
}

type GeneratorMessage = { type: 'ready'; apiUrl: string } | { type: 'result'; figures: Figures };

/**
 * Signed app_mention events at 200/s into opsbot's Bolt HTTP receiver (on-disk store, a model that takes 2 s),
 * from a separate load-generator process that also hosts the fake Web API. The generator times, on its own
 * clock, each event from sending to its HTTP ack, and to the first visible feedback call reaching the Web API
 * (assistant status, or the "checking…" message where status is not allowed). opsbot's CPU is its process's.
 */
export async function run(): Promise<void> {
  console.log(`${EVENTS} signed events at ${RATE_PER_SECOND}/s, model takes ${MODEL_MS} ms; targets: ack p99 < 50 ms, first feedback p99 < 300 ms`);
  for (const scenario of [
    { name: 'assistant status', statusSupported: true },
    { name: '"checking…" message', statusSupported: false },
  ]) {
    await runScenario(scenario);
  }
}

async function runScenario(scenario: Scenario): Promise<void> {
  const generator = fork(fileURLToPath(import.meta.url), [GENERATOR_FLAG, scenario.statusSupported ? 'status' : 'no-status'], { stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-slack-bench-'));
  try {
    const ready = await nextMessage(generator);
    if (ready.type !== 'ready') throw new Error('load generator did not start');
    const opsbot = await createOpsbot({ config: validateConfig(demoConfig), dataDir, env: {} });
    const frontEnd = await startSlackFrontEnd(opsbot, new SlowModel(), {
      settings: { mode: 'http', botToken: 'xoxb-bench-token-0000', signingSecret: SECRET, port: 0, apiUrl: ready.apiUrl },
      router: new CommandRouter(opsbot.gateway, opsbot.config),
      logger: new RedactingLogger(LogLevel.WARN),
      listen: { host: '127.0.0.1', port: 0 },
    });
    const load = loadavg()[0]!;
    const cpuBefore = process.cpuUsage();
    generator.send({ type: 'start', port: frontEnd.port });
    const result = await nextMessage(generator);
    await frontEnd.idle();
    const cpu = process.cpuUsage(cpuBefore);
    await frontEnd.stop();
    await opsbot.close();
    if (result.type !== 'result') throw new Error('load generator gave no figures');
    print(scenario, result.figures, (cpu.user + cpu.system) / 1000 / (EVENTS + WARM_UP), load);
  } finally {
    generator.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(scenario: Scenario, figures: Figures, cpuMsPerEvent: number, load: number): void {
  const line = (values: number[]) => `p50 ${percentile(values, 0.5).toFixed(1)} ms   p99 ${percentile(values, 0.99).toFixed(1)} ms   max ${Math.max(...values).toFixed(1)} ms`;
  console.log(`\n${scenario.name}: sent in ${figures.sendSeconds.toFixed(2)} s; non-200 acks ${figures.nonOk}; feedback ${figures.feedbackMs.length}/${EVENTS}; answers ${figures.answered}/${EVENTS}`);
  console.log(`  ack             ${line(figures.ackMs)}`);
  console.log(`  first feedback  ${line(figures.feedbackMs)}`);
  console.log(`  opsbot cpu ${cpuMsPerEvent.toFixed(2)} ms per event (receive, dedupe, feedback, answer); load average ${load.toFixed(1)} on ${cpus().length} cpus`);
}

function nextMessage(child: ChildProcess): Promise<GeneratorMessage> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as GeneratorMessage));
    child.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
  });
}

/** The load generator's side: the fake Web API, and signed events sent on a fixed schedule (not waiting for acks, as Slack does not). */
async function generateLoad(statusSupported: boolean): Promise<void> {
  const fake = await new FakeSlackApi({ statusSupported }).start();
  process.send!({ type: 'ready', apiUrl: fake.apiUrl });
  const { port } = await new Promise<{ port: number }>((resolve) => process.once('message', (message) => resolve(message as { port: number })));
  const sender = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, SECRET);
  await fire(sender, WARM_UP, 1_700_000_000, 50);
  await fake.waitFor(() => answers(fake) >= WARM_UP, 10_000);
  fake.calls.length = 0;
  const started = performance.now();
  const sent = await fire(sender, EVENTS, 1_800_000_000, RATE_PER_SECOND);
  const sendSeconds = (performance.now() - started) / 1000;
  await fake.waitFor(() => answers(fake) >= EVENTS, 60_000);
  const feedbackAt = new Map<string, number>();
  const method = statusSupported ? 'assistant.threads.setStatus' : 'chat.postMessage';
  for (const call of fake.calls) {
    const thread = String(call.args.thread_ts ?? '');
    if (call.method === method && !feedbackAt.has(thread)) feedbackAt.set(thread, call.at);
  }
  const figures: Figures = {
    ackMs: sent.map((event) => event.ackMs),
    feedbackMs: sent.flatMap((event) => (feedbackAt.has(event.ts) ? [feedbackAt.get(event.ts)! - event.sentAt] : [])),
    nonOk: sent.filter((event) => event.status !== 200).length,
    answered: answers(fake),
    sendSeconds,
  };
  process.send!({ type: 'result', figures });
  sender.close();
  await fake.close();
  process.disconnect();
}

function answers(fake: FakeSlackApi): number {
  return fake.calls.filter((call) => (call.method === 'chat.postMessage' || call.method === 'chat.update') && String(call.args.text).startsWith('answered:')).length;
}

async function fire(sender: SlackRequestSender, count: number, tsBase: number, perSecond: number) {
  const start = performance.now();
  const results: Array<Promise<{ ts: string; sentAt: number; ackMs: number; status: number }>> = [];
  for (let index = 0; index < count; index += 1) {
    const wait = start + (index * 1000) / perSecond - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const ts = `${tsBase}.${String(index).padStart(6, '0')}`;
    const sentAt = performance.now();
    const event = { type: 'app_mention', user: 'U00VIEWER', text: `<@U0BOT> status frontend ${index}`, ts, channel: 'C0BENCH' };
    results.push(sender.event(event).then((response) => ({ ts, sentAt, ackMs: response.elapsedMs, status: response.status })));
  }
  return Promise.all(results);
}

function percentile(values: number[], quantile: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!;
}

if (process.argv.includes(GENERATOR_FLAG)) await generateLoad(process.argv.includes('status'));
