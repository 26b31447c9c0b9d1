import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandRouter } from '../src/agent/router/command-router.js';
import { createOpsbot } from '../src/app.js';
import { validateConfig } from '../src/app/validate-config.js';
import { EventDedupe } from '../src/bot/slack/event-dedupe.js';
import { KnownThreads } from '../src/bot/slack/known-threads.js';
import { demoConfig } from '../src/config/demo-config.js';
import { sized } from './bench-size.js';

const ROUNDS = sized(2000, 100);
const WARM_UP = sized(50, 5);

/**
 * CPU per step of a Slack event's own work, without HTTP: the dedupe claim, remembering the thread, and the router
 * answering `status frontend` through the gateway, policy, demo backend and audit (its batched writes included).
 * CPU time, not wall time, and one step at a time, so the figures hold on a busy machine where the Slack bench's
 * cannot: compare them across commits to see what a change to the event path costs.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-event-path-'));
  const opsbot = await createOpsbot({ config: validateConfig(demoConfig), dataDir, env: {} });
  try {
    const router = new CommandRouter(opsbot.gateway, opsbot.config);
    const dedupe = new EventDedupe(opsbot.store);
    const threads = new KnownThreads(opsbot.kv);
    await measure('dedupe claim', (index) => dedupe.firstDelivery(`Ev${index}`).then(() => undefined));
    await measure('thread remembered', (index) => threads.remember({ channel: 'C0BENCH', threadTs: `1800000000.${index}` }));
    await measure('router: status frontend', (index) =>
      router.respond({ text: 'status frontend', actor: 'U00VIEWER', origin: { frontEnd: 'slack', channel: 'C0BENCH', threadTs: `1800000000.${index}` } }).then(() => undefined),
    );
    await opsbot.audit.flush();
  } finally {
    await opsbot.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(name: string, step: (index: number) => Promise<void>): Promise<void> {
  for (let index = 0; index < WARM_UP; index += 1) await step(-1 - index);
  const before = process.cpuUsage();
  for (let index = 0; index < ROUNDS; index += 1) await step(index);
  const cpu = process.cpuUsage(before);
  console.log(`${name.padEnd(26)} ${((cpu.user + cpu.system) / 1000 / ROUNDS).toFixed(3)} ms of CPU per event`);
}
