import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Origin } from '../../../src/actions/origin.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { createOpsbot } from '../../../src/app.js';
import { INCIDENT_ROOMS } from '../../../src/bot/conversation/incident-rooms.js';
import { RedactingLogger } from '../../../src/bot/slack/redacting-logger.js';
import { startSlackFrontEnd } from '../../../src/bot/slack/slack-front-end.js';
import { FakeSlackApi } from '../../support/fake-slack-api.js';
import { testConfig } from '../../support/test-config.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/slack-harness.js';

const ROOM = 'C0INCROOM';
const ANNOUNCE = 'C0INCIDENTS';
const config = testConfig({ incidents: { noteEmoji: 'memo', announceChannel: ANNOUNCE } });

/**
 * Status updates made from the shell and over MCP, with no chat process running: each is written to the outbox with
 * the update, one row per target, and the first Slack process to start sends each once.
 */
describe('incident status updates from the shell and MCP, through the outbox', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('are announced in the room and the announce channel once, by a Slack process started later', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-incident-outbox-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const fake = await new FakeSlackApi().start();
    cleanups.push(() => fake.close());

    // A process of each front end in turn: it runs the change and exits; none of them can post to Slack.
    const inProcess = async <T>(work: (mutate: (tool: string, args: Record<string, unknown>, origin: Origin) => Promise<string>) => Promise<T>) => {
      const opsbot = await createOpsbot({ config, dataDir, env: {} });
      try {
        return await work(async (tool, args, origin) => {
          const proposed = await opsbot.gateway.call({ tool, args, actor: 'U00SRE', origin });
          if (proposed.status !== 'pending') throw new Error(proposed.text);
          const done = await opsbot.gateway.confirm(proposed.action.id, 'U00SRE', origin);
          if (done.status !== 'executed') throw new Error(done.text);
          return done.text;
        });
      } finally {
        await opsbot.close();
      }
    };
    const id = await inProcess(async (mutate) => /INC-\d{4}-\d{4}/.exec(await mutate('incident_declare', { title: 'checkout errors', severity: 'high' }, { frontEnd: 'shell' }))![0]);
    // The room a chat process opened for it earlier, as incident rooms record it.
    const setup = await createOpsbot({ config, dataDir, env: {} });
    await setup.kv.put(INCIDENT_ROOMS, id, { channel: ROOM, name: 'inc-checkout-errors', summaryTs: '' });
    await setup.close();
    await inProcess((mutate) => mutate('incident_update', { id, status: 'identified', note: 'bad deploy from the shell' }, { frontEnd: 'shell', conversationId: 'shell:1' }));
    await inProcess((mutate) => mutate('incident_update', { id, severity: 'critical', note: 'escalated over MCP' }, { frontEnd: 'mcp', session: 'mcp-1' }));
    expect(fake.calls).toHaveLength(0);

    const opsbot = await createOpsbot({ config, dataDir, env: {} });
    cleanups.push(() => opsbot.close());
    expect((await opsbot.outbox.list(['pending'])).map((row) => [row.purpose, row.channel]).sort()).toEqual(
      [
        ['incident-update', ROOM],
        ['incident-update', ANNOUNCE],
        ['incident-update', ROOM],
        ['incident-update', ANNOUNCE],
      ].sort(),
    );
    const frontEnd = await startSlackFrontEnd(opsbot, new CommandRouter(opsbot.gateway, opsbot.config), {
      settings: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl },
      router: new CommandRouter(opsbot.gateway, opsbot.config),
      logger: new RedactingLogger(LogLevel.ERROR, () => undefined),
      listen: { host: '127.0.0.1', port: 0 },
      sweepIntervalMs: 3_600_000,
      watchIntervalMs: 3_600_000,
    });
    cleanups.push(() => frontEnd.stop());
    const updatesIn = (channel: string) => [...fake.messages.values()].filter((message) => message.channel === channel && message.text.startsWith(`:information_source: *${id}: checkout errors*`)).map((message) => message.text);
    await fake.waitFor(() => updatesIn(ROOM).length === 2 && updatesIn(ANNOUNCE).length === 2, 10_000);
    // Sweeps (this process's, a restart's) announce nothing again.
    await frontEnd.sweep();
    await frontEnd.idle();
    for (const channel of [ROOM, ANNOUNCE]) {
      const texts = updatesIn(channel);
      expect(texts).toHaveLength(2);
      expect(texts.find((text) => text.includes('bad deploy from the shell'))).toContain('status *identified*');
      expect(texts.find((text) => text.includes('escalated over MCP'))).toContain('severity *critical*');
    }
    expect(await opsbot.outbox.list(['pending', 'sending', 'blocked', 'failed'])).toEqual([]);
  });
});
