import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodePng } from '../../charts/png-checks.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { call, connectInMemory } from './mcp-test-client.js';

// The official SDK client against opsbot's MCP server: a result that carries a chart brings it as an image block.
describe('MCP chart images', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
  let close: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    opsbot = await testOpsbot();
  });
  afterEach(async () => {
    await close?.();
    await opsbot.cleanup();
  });

  it('adds an image/png content block beside the text of service_metrics', async () => {
    const session = await connectInMemory(opsbot.gateway, 'U00VIEWER');
    close = session.close;
    const result = await call(session.client, 'service_metrics', { service: 'frontend' });
    expect(result.isError).toBeUndefined();
    expect(result.content.map((block) => block.type)).toEqual(['text', 'image']);
    const image = result.content[1] as { type: 'image'; data: string; mimeType: string };
    expect(image.mimeType).toBe('image/png');
    const png = decodePng(Buffer.from(image.data, 'base64'));
    expect([png.width, png.height]).toEqual([800, 474]);
    expect(result.envelope.data).toHaveProperty('baseline');
  });

  it('renders a dashboard as an image too, and sends none with a result that has no chart', async () => {
    const session = await connectInMemory(opsbot.gateway, 'U00VIEWER');
    close = session.close;
    const dashboard = await call(session.client, 'dashboard', { name: 'checkout' });
    expect(dashboard.content.map((block) => block.type)).toEqual(['text', 'image']);
    const status = await call(session.client, 'service_status', { service: 'frontend' });
    expect(status.content.map((block) => block.type)).toEqual(['text']);
  });
});
