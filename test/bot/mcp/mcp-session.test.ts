import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testOpsbot } from '../../support/test-opsbot.js';
import { call, connectInMemory } from './mcp-test-client.js';

// A real SDK client against opsbot's MCP server over linked in-memory transports, down to the demo backends.
describe('MCP session', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  const closers: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    opsbot = await testOpsbot();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await opsbot.cleanup();
  });
  async function connect(actor: string, answer?: Parameters<typeof connectInMemory>[2]) {
    const session = await connectInMemory(opsbot.gateway, actor, answer);
    closers.push(session.close);
    return session;
  }
  async function runningVersion(service: string, environment: string) {
    return (await opsbot.backends.deploys.current(service, environment)).version;
  }

  it('lists only the tools the identity may use, with honest annotations', async () => {
    const viewer = (await (await connect('U00VIEWER')).client.listTools()).tools;
    const lead = (await (await connect('U00LEAD')).client.listTools()).tools;
    expect(viewer.map((tool) => tool.name)).toContain('service_status');
    expect(viewer.map((tool) => tool.name)).not.toContain('deploy');
    const deploy = lead.find((tool) => tool.name === 'deploy');
    expect(deploy?.annotations).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
    expect(deploy?.inputSchema.required).toEqual(['service', 'environment', 'version']);
    expect(lead.find((tool) => tool.name === 'service_status')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(lead.length).toBeGreaterThan(viewer.length);
  });

  it('an unknown user sees no tools at all (deny by default)', async () => {
    expect((await (await connect('U0NOBODY')).client.listTools()).tools).toEqual([]);
  });

  it('answers a read with text and structured content', async () => {
    const { client } = await connect('U00VIEWER');
    const result = await call(client, 'service_status', { service: 'frontend' });
    expect(result.isError).toBeFalsy();
    expect(result.envelope.status).toBe('ok');
    expect(result.envelope.data).toBeTypeOf('object');
    expect(result.content[0]).toMatchObject({ type: 'text', text: result.envelope.text });
  });

  it('confirms a staging deploy through elicitation and returns the execution result', async () => {
    const { client, forms } = await connect('U00DEV', 'accept');
    const progress: string[] = [];
    const result = await call(client, 'deploy', { service: 'frontend', environment: 'staging', version: 'v9.9.9' }, (note) => progress.push(note.message ?? ''));
    expect(result.envelope.status).toBe('succeeded');
    expect(result.envelope.action?.state).toBe('succeeded');
    expect(result.isError).toBeFalsy();
    expect(forms).toHaveLength(1);
    expect(forms[0]?.message).toContain('deploy frontend v9.9.9 to staging');
    expect(forms[0]?.message).toContain('version: "v9.9.9"');
    expect(progress.some((note) => note.includes('confirmed'))).toBe(true);
    expect(await runningVersion('frontend', 'staging')).toBe('v9.9.9');
  });

  it.each(['decline', 'accept-unticked'] as const)('runs nothing when the user answers %s', async (answer) => {
    const before = await runningVersion('frontend', 'staging');
    const { client, forms } = await connect('U00DEV', answer);
    const result = await call(client, 'deploy', { service: 'frontend', environment: 'staging', version: 'v9.9.9' });
    expect(forms).toHaveLength(1);
    expect(result.envelope.status).toBe('cancelled');
    expect(result.envelope.text).toMatch(/nothing ran/);
    expect((await opsbot.gateway.getAction(result.envelope.action?.id ?? ''))?.state).toBe('cancelled');
    expect(await runningVersion('frontend', 'staging')).toBe(before);
  });

  it('leaves the action pending with its id when the client cannot elicit', async () => {
    const { client } = await connect('U00DEV', 'unsupported');
    const result = await call(client, 'deploy', { service: 'frontend', environment: 'staging', version: 'v9.9.9' });
    expect(result.envelope.status).toBe('pending');
    expect(result.isError).toBeFalsy();
    expect(result.envelope.action?.id).toMatch(/^act_/);
    expect(result.envelope.text).toContain(`opsbot confirm ${result.envelope.action?.id} --as U00DEV`);
    expect((await opsbot.gateway.getAction(result.envelope.action?.id ?? ''))?.state).toBe('proposed');
  });

  it('leaves the action pending when showing the form fails', async () => {
    const { client, forms } = await connect('U00DEV', 'fail');
    const result = await call(client, 'deploy', { service: 'frontend', environment: 'staging', version: 'v9.9.9' });
    expect(forms).toHaveLength(1);
    expect(result.envelope.status).toBe('pending');
    expect(result.envelope.text).toMatch(/did not work/);
    expect((await opsbot.gateway.getAction(result.envelope.action?.id ?? ''))?.state).toBe('proposed');
  });

  it('leaves a production deploy for another lead, who confirms it; action_status reports the outcome', async () => {
    const { client, forms } = await connect('U00LEAD', 'accept');
    const result = await call(client, 'deploy', { service: 'frontend', environment: 'production', version: 'v9.9.9' });
    expect(forms).toHaveLength(0);
    expect(result.envelope.status).toBe('pending');
    expect(result.envelope.action?.approver).toMatch(/lead/);
    const id = result.envelope.action?.id ?? '';
    expect((await opsbot.gateway.confirm(id, 'U00LEAD2', { frontEnd: 'test' })).status).toBe('executed');
    const status = await call(client, 'action_status', { id });
    expect(status.envelope.status).toBe('ok');
    expect(status.envelope.data).toMatchObject({ action: { id, state: 'succeeded', decidedBy: 'U00LEAD2' } });
  });

  it('returns refusals and bad arguments as isError results, an unknown tool as a protocol error', async () => {
    const { client } = await connect('U00VIEWER', 'accept');
    const denied = await call(client, 'deploy', { service: 'frontend', environment: 'staging', version: 'v9.9.9' });
    expect(denied).toMatchObject({ isError: true, envelope: { status: 'denied' } });
    expect(denied.envelope.text).toMatch(/lacks deploy:staging/);
    // Without access to the tool at all, bad arguments are refused as such, not explained.
    const deniedFirst = await call(client, 'deploy', { service: 'nope', version: 'latest' });
    expect(deniedFirst).toMatchObject({ isError: true, envelope: { status: 'denied' } });
    expect(deniedFirst.envelope.text).toMatch(/U00VIEWER lacks every deploy permission \(deploy:staging, deploy:production\)/);
    const invalid = await call(client, 'service_status', { service: 'nope' });
    expect(invalid).toMatchObject({ isError: true, envelope: { status: 'invalid' } });
    expect(invalid.envelope.text).toMatch(/service/);
    const unknown = call(client, 'no_such_tool', {});
    await expect(unknown).rejects.toBeInstanceOf(McpError);
    await expect(unknown).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    // Still serving afterwards.
    expect((await call(client, 'service_status', { service: 'api' })).envelope.status).toBe('ok');
  });

  it('records the MCP session as the origin of a proposal', async () => {
    const { client } = await connect('U00DEV', 'unsupported');
    const result = await call(client, 'deploy', { service: 'api', environment: 'staging', version: 'v9.9.9' });
    const action = await opsbot.gateway.getAction(result.envelope.action?.id ?? '');
    expect(action?.origin).toEqual({ frontEnd: 'mcp', session: 'test-U00DEV', conversationId: 'mcp:test-U00DEV' });
  });
});
