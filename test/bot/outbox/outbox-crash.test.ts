import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoConfig } from '../../../src/config/demo-config.js';
import { FakeSlackApi, serverError } from '../../support/fake-slack-api.js';
import { alertmanagerBody, ALERTMANAGER_TOKEN } from '../webhooks/webhook-harness.js';

const BIN = resolve(import.meta.dirname, '../../../bin/opsbot.js');
const CHANNEL = 'C0ALERTS';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise((done) => server.close(done));
  return port;
}

/** `opsbot start` as a real process: Slack over HTTP (answered by the fake Web API) and the webhook receiver. */
function startOpsbot(root: string, fake: FakeSlackApi): { child: ChildProcess; output: () => string } {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ANTHROPIC_|SLACK_|OPSBOT_|DATABASE_URL$)/.test(name)));
  const env = {
    ...inherited,
    OPSBOT_DATA_DIR: join(root, 'data'),
    OPSBOT_CONFIG: join(root, 'opsbot.yaml'),
    SLACK_BOT_TOKEN: 'xoxb-crash-test-token',
    SLACK_SIGNING_SECRET: 'crash-test-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    AM_TOKEN: ALERTMANAGER_TOKEN,
  };
  const child = spawn(process.execPath, [BIN, 'start', '--offline'], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitUntilListening(port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`opsbot did not start:\n${output()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('outbox across a crash (a real process, killed with SIGKILL)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('posts the card once after a restart when the process died between the 202 and the post', async () => {
    const root = mkdtempSync(join(tmpdir(), 'opsbot-crash-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const fake = await new FakeSlackApi().start();
    cleanups.push(() => fake.close());
    const webhookPort = await freePort();
    writeFileSync(
      join(root, 'opsbot.yaml'),
      stringify({ ...demoConfig, webhooks: { port: webhookPort, alertmanager: { token: 'env:AM_TOKEN' } }, notifications: { defaultChannel: CHANNEL } }),
    );

    // Slack is failing while the first process lives, so the card cannot have been posted before the kill.
    fake.script('chat.postMessage', ...Array.from({ length: 50 }, () => serverError(503)));
    const first = startOpsbot(root, fake);
    cleanups.push(() => void first.child.kill('SIGKILL'));
    await waitUntilListening(webhookPort, first.output);
    // Alertmanager retries a notification whose connection failed; so does this test (a busy machine may reset one).
    const notify = () => fetch(`http://127.0.0.1:${webhookPort}/hooks/alertmanager`, { method: 'POST', headers: { authorization: `Bearer ${ALERTMANAGER_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerBody()) });
    let answer: Response | undefined;
    for (let attempt = 1; !answer; attempt += 1) {
      answer = await notify().catch(async (error: unknown) => {
        if (attempt >= 3) throw new Error(`the webhook was not answered (${String(error)}); opsbot said:\n${first.output()}`);
        await new Promise((done) => setTimeout(done, 500));
        return undefined;
      });
    }
    expect(answer.status).toBe(202);
    await fake.waitFor(() => fake.callsOf('chat.postMessage').length > 0, 20_000);
    // Killed once the 503 was taken in (the row waits to be tried again), not mid-request: a row claimed by a dead
    // process is only taken over when its claim lapses, which would make this test wait a minute.
    await new Promise((done) => setTimeout(done, 300));
    first.child.kill('SIGKILL');
    await new Promise((done) => first.child.once('exit', done));
    expect([...fake.messages.values()].filter((message) => message.channel === CHANNEL)).toHaveLength(0);

    fake.unscript('chat.postMessage');
    const second = startOpsbot(root, fake);
    cleanups.push(async () => {
      second.child.kill('SIGTERM');
      await new Promise((done) => second.child.once('exit', done));
    });
    await waitUntilListening(webhookPort, second.output);
    await fake.waitFor(() => [...fake.messages.values()].some((message) => message.channel === CHANNEL), 90_000);
    // Give a second post, if there were one, a few worker rounds to land before counting.
    await new Promise((done) => setTimeout(done, 2500));
    expect([...fake.messages.values()].filter((message) => message.channel === CHANNEL)).toHaveLength(1);
  }, 150_000);
});
