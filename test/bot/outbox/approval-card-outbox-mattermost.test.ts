import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { createOpsbot } from '../../../src/app.js';
import { approvalCardKey } from '../../../src/bot/outbox/approval-card-rows.js';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/approval-card.js';
import { startChatPlatforms } from '../../../src/bot/start-chat-platforms.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { mattermostSetup } from '../../support/mattermost/mattermost-harness.js';
import { clickButton } from '../../support/mattermost/mattermost-integration-calls.js';
import { testConfig } from '../../support/test-config.js';

/**
 * The approvals channel on Mattermost: an action asked from the CLI while no chat process runs has its card written
 * with it; a Mattermost process started later posts it once, a lead's click there runs it, and the card and its
 * thread follow through the outbox.
 */
describe('approval cards of actions asked outside a chat, on Mattermost through the outbox', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('posts the card once when Mattermost starts, and a lead’s click runs the action and updates card and thread', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-approval-mattermost-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const setup = await mattermostSetup();
    cleanups.push(() => setup.server.close());
    const lou = setup.server.addUser('lou');
    const approvals = setup.server.addChannel('approvals', { members: [setup.user, lou] });
    const people = { ...demoConfig.people, U00LEAD2: { ...demoConfig.people!.U00LEAD2!, ids: { mattermost: lou } } };
    const config = testConfig({ people, slack: { approvalsChannel: `mattermost:${approvals}`, incidentChannelPrefix: 'inc' } });

    // `opsbot call` from a terminal: it proposes and exits, with no chat to post to.
    const cli = await createOpsbot({ config, dataDir, env: {} });
    const proposed = await cli.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: { frontEnd: 'cli' } });
    await cli.close();
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    const actionId = proposed.action.id;

    const opsbot = await createOpsbot({ config, dataDir, env: {} });
    cleanups.push(() => opsbot.close());
    const router = new CommandRouter(opsbot.gateway, opsbot.config);
    const platforms = await startChatPlatforms(opsbot, { ports: [setup.port], responder: router, router, logger: { info: () => undefined, warn: () => undefined, error: () => undefined }, sweepIntervalMs: 3_600_000 });
    cleanups.push(() => platforms.stop());
    const settle = async () => {
      for (const frontEnd of platforms.frontEnds) {
        await frontEnd.sweep();
        await frontEnd.idle();
      }
      await platforms.outbox?.idle();
    };
    const cards = () => [...setup.server.posts.values()].filter((post) => post.channel_id === approvals && !post.root_id && setup.server.buttons(post).some((button) => button.context.value === actionId));
    await until(() => cards().length > 0);
    await settle();
    expect(cards()).toHaveLength(1);
    const card = cards()[0]!;
    expect(setup.server.shownText(card)).toContain('Approval needed');

    const click = await clickButton(setup.server, { postId: card.id, actionId: CARD_ACTION_IDS.approve, user: lou });
    expect(click.status).toBe(200);
    const replies = () => [...setup.server.posts.values()].filter((post) => post.root_id === card.id && !post.visibleTo).map((post) => setup.server.shownText(post));
    await until(() => replies().some((text) => /succeeded/.test(text)));
    await settle();
    expect((await opsbot.gateway.getAction(actionId))?.state).toBe('succeeded');
    expect(replies()).toEqual([expect.stringMatching(/deploy frontend v2.4.0 to production.*approved by .*succeeded/s)]);
    const shown = setup.server.shownText(setup.server.posts.get(card.id)!);
    expect(shown).toContain('Done; approved by');
    expect(setup.server.buttons(setup.server.posts.get(card.id)!)).toEqual([]);
    // No second card from the chat's own card keeper, and every row of the card sent.
    expect(cards()).toHaveLength(0);
    expect([...setup.server.posts.values()].filter((post) => post.channel_id === approvals && !post.root_id)).toHaveLength(1);
    const rows = (await opsbot.outbox.list(['pending', 'sending', 'blocked', 'failed', 'sent', 'superseded'])).filter((row) => row.cardKey === approvalCardKey(actionId));
    expect(rows.filter((row) => row.state === 'sent').map((row) => row.kind)).toEqual(expect.arrayContaining(['post', 'update', 'reply']));
    expect(rows.filter((row) => !['sent', 'superseded'].includes(row.state))).toEqual([]);
  });
});

/** Polls until `condition` holds, or 10 s pass (the assertions after it say what was missing). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
