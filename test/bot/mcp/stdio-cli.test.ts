import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoConfig } from '../../../src/config/demo-config.js';
import { type Answer, call, testClient } from './mcp-test-client.js';

const BIN = resolve(import.meta.dirname, '../../../bin/opsbot.js');
const run = promisify(execFile);

// The built `opsbot mcp` spawned as an IDE would spawn it (npm test builds first), met by the SDK's stdio client.
describe('opsbot mcp over stdio', () => {
  let directory: string;
  let baseEnv: Record<string, string>;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'opsbot-mcp-stdio-'));
    const config = join(directory, 'opsbot.yaml');
    writeFileSync(config, stringify({ ...demoConfig, demo: { ...demoConfig.demo, deploySeconds: 0.3 } }));
    baseEnv = { PATH: process.env.PATH ?? '', HOME: directory, OPSBOT_CONFIG: config, OPSBOT_DATA_DIR: join(directory, 'data') };
  });
  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function connect(user: string, answer: Answer = 'unsupported') {
    const { client, forms } = testClient(answer);
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: { ...baseEnv, OPSBOT_USER: user }, stderr: 'pipe' });
    await client.connect(transport);
    closers.push(() => client.close());
    await client.listTools();
    return { client, forms };
  }

  it('lists tools per identity', async () => {
    const viewer = await connect('U00VIEWER');
    const lead = await connect('U00LEAD');
    expect((await viewer.client.listTools()).tools.map((tool) => tool.name)).not.toContain('deploy');
    expect((await lead.client.listTools()).tools.map((tool) => tool.name)).toContain('deploy');
    const read = await call(viewer.client, 'service_metrics', { service: 'payments' });
    expect(read.envelope).toMatchObject({ status: 'ok', data: expect.any(Object) });
  });

  it('runs a staging deploy confirmed through elicitation, and nothing when declined', async () => {
    const accepting = await connect('U00DEV', 'accept');
    const done = await call(accepting.client, 'deploy', { service: 'api', environment: 'staging', version: 'v9.9.9' });
    expect(done.envelope).toMatchObject({ status: 'succeeded', action: { state: 'succeeded' } });
    expect(accepting.forms[0]?.message).toContain('deploy api v9.9.9 to staging');

    const declining = await connect('U00DEV', 'decline');
    const declined = await call(declining.client, 'deploy', { service: 'api', environment: 'staging', version: 'v9.9.10' });
    expect(declined.envelope).toMatchObject({ status: 'cancelled', action: { state: 'cancelled' } });
    const history = await call(declining.client, 'deploy_history', { service: 'api', environment: 'staging' });
    expect(history.envelope.text).not.toContain('v9.9.10');
  });

  it('leaves a production deploy pending until another lead runs `opsbot confirm`; action_status shows it succeeded', async () => {
    const { client, forms } = await connect('U00LEAD', 'accept');
    const proposed = await call(client, 'deploy', { service: 'frontend', environment: 'production', version: 'v9.9.9' });
    expect(forms).toHaveLength(0);
    expect(proposed.envelope).toMatchObject({ status: 'pending', action: { state: 'proposed', approver: expect.stringMatching(/lead/) } });
    const id = proposed.envelope.action?.id ?? '';

    await run(process.execPath, [BIN, 'confirm', id, '--as', 'U00LEAD2'], { env: baseEnv, timeout: 15_000 });
    const status = await call(client, 'action_status', { id });
    expect(status.envelope.data).toMatchObject({ action: { id, state: 'succeeded', decidedBy: 'U00LEAD2' } });
  });

  it('returns the action id when the client cannot elicit', async () => {
    const { client } = await connect('U00DEV', 'unsupported');
    const result = await call(client, 'rollback', { service: 'auth', environment: 'staging' });
    expect(result.envelope).toMatchObject({ status: 'pending', action: { id: expect.stringMatching(/^act_/) } });
  });

  it('refuses to start without an identity, saying why on stderr and nothing on stdout', async () => {
    const failure = await run(process.execPath, [BIN, 'mcp'], { env: baseEnv, timeout: 15_000 }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    expect((failure as { stderr: string }).stderr).toMatch(/OPSBOT_USER/);
  });

  it('skips garbage lines on stdin and keeps serving, writing only protocol to stdout', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp'], { env: { ...baseEnv, OPSBOT_USER: 'U00VIEWER' }, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const answered = new Promise<void>((resolveAnswer) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('"id":2')) resolveAnswer();
      });
    });
    const send = (line: string) => child.stdin.write(`${line}\n`);
    send('this is not json');
    send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0' } } }));
    send('{"jsonrpc":"2.0",');
    send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'no/such/method' }));
    await answered;
    child.stdin.end();
    await new Promise((resolveExit) => child.once('exit', resolveExit));
    const messages = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; error?: { code: number } });
    // JSON-RPC answers may arrive in any order; each request gets exactly one.
    expect(messages.map((message) => message.id).sort()).toEqual([1, 2]);
    expect(messages.find((message) => message.id === 2)?.error?.code).toBe(-32601);
  });
});
