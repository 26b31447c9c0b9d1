import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { createOpsbot, type Opsbot } from '../../../src/app.js';
import { approvalCardKey } from '../../../src/bot/outbox/approval-card-rows.js';
import { CARD_ACTION_IDS, CARD_BLOCK_IDS } from '../../../src/bot/presenter/block-kit.js';
import { RedactingLogger } from '../../../src/bot/slack/redacting-logger.js';
import { type SlackFrontEnd, startSlackFrontEnd } from '../../../src/bot/slack/slack-front-end.js';
import { FakeSlackApi, serverError, SlackRequestSender } from '../../support/fake-slack-api.js';
import { testConfig } from '../../support/test-config.js';
import { blockText } from '../slack/block-checks.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/slack-harness.js';

const APPROVALS = 'C0APPROVALS';
const config = testConfig({ slack: { approvalsChannel: APPROVALS, incidentChannelPrefix: 'inc' } });

/**
 * An action asked over MCP while no chat process runs: its approval card waits in the outbox, written with the
 * proposal, and the first Slack process to start posts it once (its own sweep posts no second one); a click there
 * runs it, and the card and its thread follow through the outbox.
 */
describe('approval cards of actions asked outside a chat, through the outbox', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-approval-outbox-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const fake = await new FakeSlackApi().start();
    cleanups.push(() => fake.close());
    // The MCP server's process: it proposes and exits; it has no chat sender.
    const propose = async (version: string) => {
      const mcp = await createOpsbot({ config, dataDir, env: {} });
      try {
        const proposed = await mcp.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version }, actor: 'U00LEAD', origin: { frontEnd: 'mcp', session: 'mcp-1' } });
        if (proposed.status !== 'pending') throw new Error(proposed.text);
        // Its card is in the store when the call returns, though nothing in this process can post it.
        expect((await mcp.outbox.list(['pending'])).filter((row) => row.cardKey === approvalCardKey(proposed.action.id)).map((row) => [row.kind, row.channel])).toEqual([['post', APPROVALS]]);
        return proposed.action.id;
      } finally {
        await mcp.close();
      }
    };
    const startChat = async () => {
      const opsbot = await createOpsbot({ config, dataDir, env: {} });
      cleanups.push(() => opsbot.close());
      const frontEnd = await startSlackFrontEnd(opsbot, new CommandRouter(opsbot.gateway, opsbot.config), {
        settings: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl },
        router: new CommandRouter(opsbot.gateway, opsbot.config),
        logger: new RedactingLogger(LogLevel.ERROR, () => undefined),
        listen: { host: '127.0.0.1', port: 0 },
        sweepIntervalMs: 3_600_000,
        watchIntervalMs: 3_600_000,
        outboxIntervalMs: 200,
      });
      cleanups.push(() => frontEnd.stop());
      const sender = new SlackRequestSender(`http://127.0.0.1:${frontEnd.port}/slack/events`, SIGNING_SECRET);
      cleanups.push(() => sender.close());
      return { opsbot, frontEnd, sender };
    };
    const cardsOf = (actionId: string) => [...fake.messages.values()].filter((message) => message.channel === APPROVALS && !message.threadTs && JSON.stringify(message.blocks ?? []).includes(actionId));
    return { fake, propose, startChat, cardsOf };
  }

  /** The card's post row was sent, and landed where the card is: the outbox posted it, not the chat's own card keeper. */
  async function expectPostedByOutbox(opsbot: Opsbot, actionId: string, ts: string) {
    const posts = (await opsbot.outbox.list(['sent'])).filter((row) => row.cardKey === approvalCardKey(actionId) && row.kind === 'post');
    expect(posts.map((row) => row.posted)).toEqual([{ channel: APPROVALS, ts }]);
  }

  const settle = async (chat: { frontEnd: SlackFrontEnd; opsbot: Opsbot }) => {
    await chat.frontEnd.sweep();
    await chat.frontEnd.idle();
  };

  it('posts one card when Slack starts, runs the action on a lead’s click, and updates the card and its thread', async () => {
    const { fake, propose, startChat, cardsOf } = await setUp();
    const actionId = await propose('v2.4.0');
    const chat = await startChat();
    const card = await fake.waitFor(() => cardsOf(actionId)[0], 10_000);
    // The start-up sweep and a later one find the card in the outbox and leave it there.
    await settle(chat);
    await settle(chat);
    expect(cardsOf(actionId)).toHaveLength(1);
    expect(fake.callsOf('chat.postMessage').filter((call) => JSON.stringify(call.args.blocks ?? '').includes(actionId))).toHaveLength(1);
    await expectPostedByOutbox(chat.opsbot, actionId, card.ts);

    const click = await chat.sender.blockAction({ userId: 'U00LEAD2', actionId: CARD_ACTION_IDS.approve, value: actionId, channelId: APPROVALS, messageTs: card.ts, responseUrl: fake.responseUrl('click') });
    expect(click.status).toBe(200);
    await fake.waitFor(() => fake.thread(APPROVALS, card.ts).find((message) => /approved by <@U00LEAD2> and succeeded\./.test(message.text)), 10_000);
    await settle(chat);
    expect((await chat.opsbot.gateway.getAction(actionId))?.state).toBe('succeeded');
    expect(blockText(fake.message(APPROVALS, card.ts)!.blocks, CARD_BLOCK_IDS.status)).toMatch(/Done; approved by <@U00LEAD2>/);
    // One outcome in the thread, one card in the channel: the click's refresh and the sweeps added nothing.
    expect(fake.thread(APPROVALS, card.ts).filter((message) => message.ts !== card.ts).map((message) => message.text)).toEqual([expect.stringMatching(/approved by <@U00LEAD2> and succeeded\./)]);
    expect(cardsOf(actionId)).toHaveLength(1);
    expect(await chat.opsbot.outbox.list(['pending', 'sending', 'blocked', 'failed'])).toEqual([]);

    // A late click on the card: the clicker is told privately; the card, kept by the outbox, is not edited again.
    const edits = fake.callsOf('chat.update').length;
    await chat.sender.blockAction({ userId: 'U00LEAD2', actionId: CARD_ACTION_IDS.approve, value: actionId, channelId: APPROVALS, messageTs: card.ts, responseUrl: fake.responseUrl('late') });
    await fake.waitFor(() => fake.callsOf('chat.postEphemeral').find((call) => String(call.args.text).includes(actionId)), 10_000);
    await settle(chat);
    expect(fake.callsOf('chat.update')).toHaveLength(edits);
    expect(fake.thread(APPROVALS, card.ts).filter((message) => message.ts !== card.ts)).toHaveLength(1);
  });

  it('posts the card exactly once when Slack answers 500 the first time', async () => {
    const { fake, propose, startChat, cardsOf } = await setUp();
    const actionId = await propose('v2.4.0');
    fake.script('chat.postMessage', serverError(500));
    const chat = await startChat();
    const card = await fake.waitFor(() => cardsOf(actionId)[0], 15_000);
    await settle(chat);
    expect(fake.callsOf('chat.postMessage').filter((call) => JSON.stringify(call.args.blocks ?? '').includes(actionId))).toHaveLength(2);
    expect(cardsOf(actionId)).toHaveLength(1);
    await expectPostedByOutbox(chat.opsbot, actionId, card.ts);
    expect((await chat.opsbot.outbox.stats()).byState).toMatchObject({ sent: 1, pending: 0, sending: 0, blocked: 0, failed: 0 });
  });

  it('posts the card of an action asked over MCP while Slack runs in another process, without waiting for a sweep', async () => {
    const { fake, propose, startChat, cardsOf } = await setUp();
    const chat = await startChat();
    await chat.frontEnd.idle();
    // The Slack process's sweep runs hourly here: only its outbox worker, looking every 200 ms, can find the card.
    const actionId = await propose('v2.4.0');
    const card = await fake.waitFor(() => cardsOf(actionId)[0], 10_000);
    await chat.frontEnd.idle();
    expect(cardsOf(actionId)).toHaveLength(1);
    await expectPostedByOutbox(chat.opsbot, actionId, card.ts);
  });
});
