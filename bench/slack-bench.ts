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
import { QUICK, sized } from './bench-size.js';
import { startBareBolt } from './bare-bolt-app.js';

const EVENTS = sized(1000, 100);
const RATE_PER_SECOND = 200;
const MODEL_MS = sized(2000, 200);
const WARM_UP = sized(20, 5);
const SECRET = 'bench-signing-secret';
const GENERATOR_FLAG = '--slack-load-generator';
const TARGET_RATIO = 1.5;

/** A model that thinks for two seconds: the turn is slow, the ack and the first feedback must not be. */
class SlowModel implements Responder {
  async respond(message: Inbound): Promise<Reply> {
    await new Promise((resolve) => setTimeout(resolve, MODEL_MS));
    return { text: `answered: ${message.text}`, actions: [], offline: false };
  }
}

/** Who answers the events: a bare Bolt app, opsbot's router (gateway, policy, audit, store), or a slow model. */
type Subject = 'bare' | 'router' | 'model';

interface Scenario {
  name: string;
  subject: Subject;
  statusSupported: boolean;
  /** Text every answer carries, so the generator can count answers. */
  answerMarker: string;
}

/** What the load generator reports back. */
interface Figures {
  ackMs: number[];
  feedbackMs: number[];
  nonOk: number;
  answered: number;
  /** Threads that received more than one answer. */
  duplicated: number;
  sendSeconds: number;
}

interface Measured {
  figures: Figures;
  cpuMsPerEvent: number;
}

type GeneratorMessage = { type: 'ready'; apiUrl: string } | { type: 'result'; figures: Figures };

/**
 * Signed app_mention events at 200/s into a Bolt HTTP receiver, from a separate load-generator process that also
 * hosts the fake Web API. The generator times, on its own clock, each event from sending to its HTTP ack, and to
 * the first visible feedback reaching the Web API. First, the same `status frontend` events answered by a bare
 * Bolt app (one chat.postMessage each) and by opsbot's router through the gateway, policy, audit and store, in the
 * same run: their ratio is what opsbot adds to the ack and the CPU. Then a model that takes 2 s, for the time to
 * first feedback (assistant status, or the "checking…" message where status is not allowed). CPU is the
 * answering process's own.
 */
export async function run(): Promise<void> {
  // SLACK_BENCH_ONLY=router runs that one subject (to profile it: node --cpu-prof dist/bench/run.js slack); =ratio
  // runs only the bare Bolt and router comparison, to repeat it quickly.
  const only = process.env.SLACK_BENCH_ONLY;
  if (only === 'router' || only === 'bare' || only === 'model') {
    await runScenario({ name: only, subject: only, statusSupported: true, answerMarker: only === 'model' ? 'answered:' : 'frontend (production)' });
    return;
  }
  console.log(`${EVENTS} signed app_mention events at ${RATE_PER_SECOND}/s each run (node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cpus)`);
  const bare = await runScenario({ name: 'bare Bolt, one say() per event', subject: 'bare', statusSupported: true, answerMarker: 'frontend (production)' });
  const router = await runScenario({ name: 'opsbot, router answers `status frontend`', subject: 'router', statusSupported: true, answerMarker: 'frontend (production)' });
  const ackRatio = percentile(router.figures.ackMs, 0.99) / percentile(bare.figures.ackMs, 0.99);
  const cpuRatio = router.cpuMsPerEvent / bare.cpuMsPerEvent;
  console.log(`\nopsbot / bare Bolt: ack p99 ${ackRatio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ackRatio <= TARGET_RATIO ? 'ok' : 'OVER'}; cpu per event ${cpuRatio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${cpuRatio <= TARGET_RATIO ? 'ok' : 'OVER'}`);
  if (only === 'ratio') return;
  console.log(`\nmodel takes ${MODEL_MS} ms; targets: ack p99 < 50 ms, first feedback p99 < 300 ms`);
  await runScenario({ name: 'assistant status', subject: 'model', statusSupported: true, answerMarker: 'answered:' });
  await runScenario({ name: '"checking…" message', subject: 'model', statusSupported: false, answerMarker: 'answered:' });
}

async function runScenario(scenario: Scenario): Promise<Measured> {
  const generatorArguments = [GENERATOR_FLAG, scenario.statusSupported ? 'status' : 'no-status', scenario.answerMarker, ...(QUICK ? ['--quick'] : [])];
  const generator = fork(fileURLToPath(import.meta.url), generatorArguments, { stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-slack-bench-'));
  try {
    const ready = await nextMessage(generator);
    if (ready.type !== 'ready') throw new Error('load generator did not start');
    const subject = await startSubject(scenario.subject, ready.apiUrl, dataDir);
    const cpuBefore = process.cpuUsage();
    generator.send({ type: 'start', port: subject.port });
    const result = await nextMessage(generator);
    await subject.idle();
    const cpu = process.cpuUsage(cpuBefore);
    await subject.stop();
    if (result.type !== 'result') throw new Error('load generator gave no figures');
    const measured = { figures: result.figures, cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / (EVENTS + WARM_UP) };
    print(scenario, measured);
    if (result.figures.answered < EVENTS || result.figures.duplicated > 0 || result.figures.nonOk > 0) throw new Error(`${scenario.name}: events lost, answered twice or refused`);
    return measured;
  } finally {
    generator.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface RunningSubject {
  port: number;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

async function startSubject(subject: Subject, apiUrl: string, dataDir: string): Promise<RunningSubject> {
  const settings = { mode: 'http' as const, botToken: 'xoxb-bench-token-0000', signingSecret: SECRET, port: 0, apiUrl };
  if (subject === 'bare') return startBareBolt(settings);
  const opsbot = await createOpsbot({ config: validateConfig(demoConfig), dataDir, env: {} });
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  const frontEnd = await startSlackFrontEnd(opsbot, subject === 'router' ? router : new SlowModel(), {
    settings,
    router,
    logger: new RedactingLogger(LogLevel.WARN),
    listen: { host: '127.0.0.1', port: 0 },
  });
  return {
    port: frontEnd.port!,
    idle: () => frontEnd.idle(),
    async stop() {
      await frontEnd.stop();
      await opsbot.close();
    },
  };
}

function print(scenario: Scenario, measured: Measured): void {
  const { figures } = measured;
  const line = (values: number[]) => `p50 ${percentile(values, 0.5).toFixed(1)} ms   p99 ${percentile(values, 0.99).toFixed(1)} ms   max ${Math.max(...values).toFixed(1)} ms`;
  console.log(`\n${scenario.name}: sent in ${figures.sendSeconds.toFixed(2)} s; non-200 acks ${figures.nonOk}; feedback ${figures.feedbackMs.length}/${EVENTS}; answers ${figures.answered}/${EVENTS}; answered twice ${figures.duplicated}`);
  console.log(`  ack             ${line(figures.ackMs)}`);
  console.log(`  first feedback  ${line(figures.feedbackMs)}`);
  console.log(`  cpu ${measured.cpuMsPerEvent.toFixed(2)} ms per event (load average ${loadavg()[0]!.toFixed(1)})`);
}

function nextMessage(child: ChildProcess): Promise<GeneratorMessage> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as GeneratorMessage));
    child.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
  });
}

/** The load generator's side: the fake Web API, and signed events sent on a fixed schedule (not waiting for acks, as Slack does not). */
async function generateLoad(statusSupported: boolean, marker: string): Promise<void> {
  const fake = await new FakeSlackApi({ statusSupported }).start();
  process.send!({ type: 'ready', apiUrl: fake.apiUrl });
  const { port } = await new Promise<{ port: number }>((resolve) => process.once('message', (message) => resolve(message as { port: number })));
  const sender = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, SECRET);
  const answers = () => fake.calls.filter((call) => (call.method === 'chat.postMessage' || call.method === 'chat.update') && String(call.args.text).includes(marker));
  await fire(sender, WARM_UP, 1_700_000_000, 50);
  await fake.waitFor(() => answers().length >= WARM_UP, 10_000);
  fake.calls.length = 0;
  const started = performance.now();
  const sent = await fire(sender, EVENTS, 1_800_000_000, RATE_PER_SECOND);
  const sendSeconds = (performance.now() - started) / 1000;
  await fake.waitFor(() => answers().length >= EVENTS, 60_000);
  // Late duplicates would arrive after the last answer: give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const feedbackAt = new Map<string, number>();
  const feedbackMethod = statusSupported ? 'assistant.threads.setStatus' : 'chat.postMessage';
  for (const call of fake.calls) {
    const thread = String(call.args.thread_ts ?? '');
    if ((call.method === feedbackMethod || call.method === 'chat.postMessage') && !feedbackAt.has(thread)) feedbackAt.set(thread, call.at);
  }
  const perThread = new Map<string, number>();
  for (const call of answers()) if (call.method === 'chat.postMessage') perThread.set(String(call.args.thread_ts), (perThread.get(String(call.args.thread_ts)) ?? 0) + 1);
  const figures: Figures = {
    ackMs: sent.map((event) => event.ackMs),
    feedbackMs: sent.flatMap((event) => (feedbackAt.has(event.ts) ? [feedbackAt.get(event.ts)! - event.sentAt] : [])),
    nonOk: sent.filter((event) => event.status !== 200).length,
    answered: answers().length,
    duplicated: [...perThread.values()].filter((count) => count > 1).length,
    sendSeconds,
  };
  process.send!({ type: 'result', figures });
  sender.close();
  await fake.close();
  process.disconnect();
}

async function fire(sender: SlackRequestSender, count: number, tsBase: number, perSecond: number) {
  const start = performance.now();
  const results: Array<Promise<{ ts: string; sentAt: number; ackMs: number; status: number }>> = [];
  for (let index = 0; index < count; index += 1) {
    const wait = start + (index * 1000) / perSecond - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const ts = `${tsBase}.${String(index).padStart(6, '0')}`;
    const sentAt = performance.now();
    const event = { type: 'app_mention', user: 'U00VIEWER', text: '<@U0BOT> status frontend', ts, channel: 'C0BENCH' };
    results.push(sender.event(event).then((response) => ({ ts, sentAt, ackMs: response.elapsedMs, status: response.status })));
  }
  return Promise.all(results);
}

function percentile(values: number[], quantile: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!;
}

const generatorAt = process.argv.indexOf(GENERATOR_FLAG);
if (generatorAt >= 0) await generateLoad(process.argv[generatorAt + 1] === 'status', process.argv[generatorAt + 2]!);
