import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, CallToolResultSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ELICITATION_WAIT_MS } from '../../../src/bot/mcp/confirm-pending.js';
import { createMcpServer } from '../../../src/bot/mcp/create-mcp-server.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { call, connectInMemory, type Envelope } from './mcp-test-client.js';

// A real SDK client against opsbot's MCP server over linked in-memory transports.
describe('MCP: confirmation forms that get no decision', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  const closers: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    opsbot = await testOpsbot();
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const close of closers.splice(0)) await close();
    await opsbot.cleanup();
  });

  it('a dismissed form leaves the action pending and says how to confirm it later', async () => {
    const session = await connectInMemory(opsbot.gateway, 'U00DEV', 'cancel');
    closers.push(session.close);
    const result = await call(session.client, 'deploy', { service: 'api', environment: 'staging', version: 'v9.9.9' });
    const id = result.envelope.action?.id ?? '';
    expect(result.envelope.status).toBe('pending');
    expect(result.envelope.text).toContain(`(action ${id})`);
    expect(result.envelope.text).toMatch(/dismissed, so it is still pending/);
    expect(result.envelope.text).toContain(`opsbot confirm ${id} --as U00DEV`);
    expect((await opsbot.gateway.getAction(id))?.state).toBe('proposed');
  });

  it('a form nobody answers ends within the client timeout, still pending, with the way to confirm', async () => {
    expect(ELICITATION_WAIT_MS).toBeLessThanOrEqual(50_000);
    const client = new Client({ name: 'opsbot-test', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    let shown!: () => void;
    const formShown = new Promise<void>((resolve) => (shown = resolve));
    // The person walked away: the form is never answered.
    client.setRequestHandler(ElicitRequestSchema, () => {
      shown();
      return new Promise(() => undefined);
    });
    const server = await createMcpServer({ gateway: opsbot.gateway, actor: 'U00DEV', session: 'test-idle', log: () => undefined });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    closers.push(() => client.close());
    await client.listTools();

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // A client that allows the usual 60 s gets its answer.
    const pending = client.callTool({ name: 'deploy', arguments: { service: 'api', environment: 'staging', version: 'v9.9.9' } }, CallToolResultSchema, { timeout: 60_000 });
    await formShown;
    await vi.advanceTimersByTimeAsync(ELICITATION_WAIT_MS + 1_000);
    const result = (await pending) as CallToolResult;
    vi.useRealTimers();
    const envelope = result.structuredContent as unknown as Envelope;
    const id = envelope.action?.id ?? '';
    expect(envelope.status).toBe('pending');
    expect(envelope.text).toMatch(/No answer came to the confirmation form within 50 seconds, so it is still pending/);
    expect(envelope.text).toContain(`opsbot confirm ${id} --as U00DEV`);
    expect((await opsbot.gateway.getAction(id))?.state).toBe('proposed');
  });
});

describe('MCP: the gateway decides whether to offer a confirmation form', () => {
  it('does not offer a form the gateway would refuse under approveFrom', async () => {
    const opsbot = await testOpsbot({ overrides: { policies: { ...demoConfig.policies, approvals: [{ name: 'staging-from-slack', when: ['*:staging'], approvers: [], requesterMayApprove: true, approveFrom: ['slack'] }] } } });
    try {
      const session = await connectInMemory(opsbot.gateway, 'U00DEV', 'accept');
      const result = await call(session.client, 'deploy', { service: 'api', environment: 'staging', version: 'v9.9.9' });
      expect(session.forms).toHaveLength(0);
      expect(result.envelope.status).toBe('pending');
      expect((await opsbot.gateway.getAction(result.envelope.action?.id ?? ''))?.state).toBe('proposed');
      await session.close();
    } finally {
      await opsbot.cleanup();
    }
  });
});

describe('MCP: deeply nested input', () => {
  it('answers a clear invalid result and audits it, instead of crashing the request', async () => {
    const opsbot = await testOpsbot();
    try {
      const session = await connectInMemory(opsbot.gateway, 'U00VIEWER');
      let deep: unknown = 'x';
      for (let level = 0; level < 100_000; level++) deep = { inner: deep };
      const result = await call(session.client, 'service_status', { service: deep });
      expect(result).toMatchObject({ isError: true, envelope: { status: 'invalid' } });
      expect(result.envelope.text).toContain('nested more than 32 levels deep');
      const [record] = await opsbot.audit.tail(1);
      expect(record).toMatchObject({ actor: 'U00VIEWER', tool: 'service_status', decision: 'invalid' });
      // Still serving afterwards.
      expect((await call(session.client, 'service_status', { service: 'api' })).envelope.status).toBe('ok');
      await session.close();
    } finally {
      await opsbot.cleanup();
    }
  });
});
