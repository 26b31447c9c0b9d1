import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createOpsbot } from '../../src/app.js';
import { validateConfig } from '../../src/app/validate-config.js';
import { CARD_ACTION_IDS } from '../../src/bot/presenter/block-kit.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { FakeSlackApi, SlackRequestSender } from '../support/fake-slack-api.js';
import { FakeSlackSocket } from '../support/fake-slack-socket.js';
import { runCli } from './cli-harness.js';

const BIN = resolve(import.meta.dirname, '../../bin/opsbot.js');
const SECRET = 'service-test-signing-secret';

/** A started long-lived opsbot (the built CLI) and what its JSON log lines said. */
interface Service {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in the log. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

function startService(args: string[], env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const waiting: Array<{ pattern: RegExp; resolve: (match: RegExpExecArray) => void }> = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    for (const wait of [...waiting]) {
      const match = wait.pattern.exec(stderr);
      if (match) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(match);
      }
    }
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return {
    child,
    exited,
    stderr: () => stderr,
    waitFor: (pattern) =>
      new Promise((resolveMatch, reject) => {
        const match = pattern.exec(stderr);
        if (match) return resolveMatch(match);
        waiting.push({ pattern, resolve: resolveMatch });
        void exited.then((code) => reject(new Error(`exited (${code}) before ${pattern}: ${stderr}`)));
      }),
  };
}

function sandbox(overrides: Record<string, unknown>) {
  const directory = mkdtempSync(join(tmpdir(), 'opsbot-service-'));
  const configFile = join(directory, 'opsbot.yaml');
  const config = { ...demoConfig, observability: { port: 0 }, ...overrides };
  writeFileSync(configFile, stringify(config));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ANTHROPIC_|SLACK_|OPSBOT_|DATABASE_URL$|LOG_LEVEL$)/.test(name)));
  const env = { ...inherited, OPSBOT_CONFIG: configFile, OPSBOT_DATA_DIR: join(directory, 'data') };
  return { directory, env, config: validateConfig(config), cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}

// A report every minute, and the grant its scheduler identity needs: every long-lived mode schedules it.
const SCHEDULED = {
  policies: { ...demoConfig.policies, roles: { ...demoConfig.policies.roles, scheduler: ['read:reports'] }, users: { ...demoConfig.policies.users, 'opsbot-scheduler': ['scheduler'] } },
  reports: [{ name: 'minutely', schedule: '* * * * *', channel: 'C0OPS', sections: ['usage'] }],
};

/** The mode's scheduler ran: it said so, and its first look at the schedule left the report's baseline slot in the store. */
async function expectScheduled(box: ReturnType<typeof sandbox>, log: string): Promise<void> {
  expect(log).toMatch(/"component":"reports".*"msg":"scheduling 1 report\(s\) as opsbot-scheduler"/);
  const opsbot = await createOpsbot({ config: box.config, dataDir: box.env.OPSBOT_DATA_DIR, env: {} });
  try {
    expect(await opsbot.kv.get<{ last: string }>('report-slots', 'minutely')).toEqual({ last: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/) });
  } finally {
    await opsbot.close();
  }
}

// Spawned processes on a loaded 2-core machine: each start-up and stop can take seconds.
describe('long-lived modes as services (spawned)', { timeout: 45_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('MCP over HTTP serves /metrics, /healthz and /readyz, logs JSON lines, and exits 0 on SIGTERM', async () => {
    const box = sandbox({ mcp: { tokens: [{ token: 'env:OPSBOT_MCP_TOKEN', user: 'U00LEAD' }] }, ...SCHEDULED });
    cleanups.push(box.cleanup);
    await runCli(['ask', 'deploy frontend v2.4.0 to staging', '--as', 'U00DEV', '--offline'], box.env);
    const service = startService(['mcp', '--http', '--port', '0'], { ...box.env, OPSBOT_MCP_TOKEN: 'service-test-token-0123456789' });
    cleanups.push(() => void service.child.kill('SIGKILL'));
    const [, url] = await service.waitFor(/"component":"mcp-http".*?"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.text()).toBe('ready\n');
    expect(ready.status).toBe(200);
    // Read from the store at scrape time: the action proposed from the CLI above.
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^opsbot_pending_actions\{state="proposed"\} 1$/m);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    // Off a terminal every log line is one JSON object.
    const lines = service.stderr().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(service.stderr()).toMatch(/"msg":"SIGTERM: stopping/);
    await expectScheduled(box, service.stderr());
  });

  it('the webhook receiver alone (no Slack, no terminal) runs as a service with its ops endpoints', async () => {
    const box = sandbox({ webhooks: { port: 0 }, ...SCHEDULED });
    cleanups.push(box.cleanup);
    const service = startService(['start'], box.env);
    cleanups.push(() => void service.child.kill('SIGKILL'));
    await service.waitFor(/receiving webhooks on 127\.0\.0\.1:\d+/);
    const [, url] = await service.waitFor(/"component":"webhooks".*?"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('# TYPE opsbot_webhook_deliveries_total counter');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    await expectScheduled(box, service.stderr());
  });

  it('Slack in Socket Mode runs as a service with its ops endpoints and lets go of the socket on SIGTERM', async () => {
    const fake = await new FakeSlackApi().start();
    cleanups.push(() => fake.close());
    const appToken = 'xapp-1-A0OPSBOT-1234-service-test-token';
    const socket = await new FakeSlackSocket(fake, { appToken }).start();
    cleanups.push(() => socket.close());
    const box = sandbox({});
    cleanups.push(box.cleanup);
    const service = startService(['start'], { ...box.env, SLACK_BOT_TOKEN: 'xoxb-service-test-0000', SLACK_APP_TOKEN: appToken, SLACK_API_URL: fake.apiUrl });
    cleanups.push(() => void service.child.kill('SIGKILL'));
    await service.waitFor(/connected to Slack \(Socket Mode\)/);
    const [, url] = await service.waitFor(/"component":"slack".*?"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('# TYPE opsbot_inbound_events_total counter');
    expect(socket.openConnections).toBe(1);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(socket.openConnections).toBe(0);
  });

  // A deploy approved by a click in Slack runs in the service; SIGTERM arrives while it runs.
  async function deployThenSigterm(options: { deploySeconds: number; shutdownSeconds: number }) {
    const fake = await new FakeSlackApi().start();
    cleanups.push(() => fake.close());
    const box = sandbox({ demo: { brokenVersions: [], deploySeconds: options.deploySeconds, outages: [] }, shutdownSeconds: options.shutdownSeconds, slack: { approvalsChannel: 'C0APPROVALS' } });
    cleanups.push(box.cleanup);
    const asked = await runCli(['ask', 'deploy frontend v2.4.0 to staging', '--as', 'U00DEV', '--offline'], box.env);
    const actionId = /act_[0-9a-f]{10}/.exec(asked.stdout)?.[0];
    expect(actionId, asked.stdout + asked.stderr).toBeDefined();

    const service = startService(['start'], { ...box.env, SLACK_BOT_TOKEN: 'xoxb-service-test-0000', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' });
    cleanups.push(() => void service.child.kill('SIGKILL'));
    // Slack's HTTP mode logs the address it bound (127.0.0.1 unless slack.host or HOST say otherwise) and the port.
    const [, slackAddress, slackPort] = await service.waitFor(/listening for Slack on (\S+) port (\d+)/);
    const slackHost = slackAddress!.includes(':') ? `[${slackAddress}]` : slackAddress;
    await service.waitFor(/"url":"http:\/\/127\.0\.0\.1:\d+"/);
    // The card of the action proposed outside Slack waited in the outbox; the service's worker posts it to the approvals channel.
    const card = await fake.waitFor(() => [...fake.messages.values()].find((message) => JSON.stringify(message).includes(actionId!)), 10_000);
    const sender = new SlackRequestSender(`http://${slackHost}:${slackPort}/slack/events`, SECRET);
    cleanups.push(() => sender.close());
    const click = await sender.blockAction({ userId: 'U00DEV', actionId: CARD_ACTION_IDS.approve, value: actionId!, channelId: card.channel, messageTs: card.ts, responseUrl: fake.responseUrl('click') });
    expect(click.status).toBe(200);

    const opsbotView = await createOpsbot({ config: box.config, dataDir: box.env.OPSBOT_DATA_DIR, env: {} });
    cleanups.push(() => opsbotView.close());
    await until(async () => (await opsbotView.actions.get(actionId!))?.state === 'running', 10_000);
    const stateOf = async () => (await opsbotView.actions.get(actionId!))!.state;
    expect(await stateOf()).toBe('running');

    const signalled = Date.now();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    return { actionId: actionId!, box, stateOf, stoppedInMs: Date.now() - signalled, service };
  }

  it('SIGTERM during a running deploy: the deploy finishes within shutdownSeconds, the action succeeded, exit 0', async () => {
    const { stateOf, stoppedInMs, service } = await deployThenSigterm({ deploySeconds: 2, shutdownSeconds: 20 });
    expect(await stateOf()).toBe('succeeded');
    expect(stoppedInMs).toBeLessThan(20_000);
    expect(service.stderr()).not.toMatch(/left to the lease sweep/);
  });

  it('SIGTERM during a deploy longer than shutdownSeconds: exit 0, and after a restart it is outcome_unknown, never re-run', async () => {
    const { actionId, box, stateOf, service } = await deployThenSigterm({ deploySeconds: 60, shutdownSeconds: 1 });
    expect(service.stderr()).toMatch(/left to the lease sweep/);
    expect(await stateOf()).toBe('running');
    // The restart, a lease later: recovery makes it outcome_unknown and runs nothing.
    const later = new Date(Date.now() + 5 * 60_000);
    const restarted = await createOpsbot({ config: box.config, dataDir: box.env.OPSBOT_DATA_DIR, env: {}, now: () => later });
    cleanups.push(() => restarted.close());
    await restarted.gateway.recoverInterrupted();
    expect(await stateOf()).toBe('outcome_unknown');
    const runs = (await restarted.audit.search({ actionId })).filter((entry) => entry.event === 'running');
    expect(runs).toHaveLength(1);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolveWait) => setTimeout(resolveWait, 25));
  }
}
