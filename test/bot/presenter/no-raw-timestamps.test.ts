import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import type { Reply } from '../../../src/agent/responder.js';
import { renderConfirmationCard, replyTextBesideCards, statusLine, outcomeLine } from '../../../src/bot/presenter/block-kit.js';
import { renderActionLine, renderReply, renderResolveOutcome } from '../../../src/bot/presenter/text.js';
import { outsideText } from '../../../src/bot/slack/mrkdwn.js';
import { englishCases } from '../../../evals/cases-en.js';
import { japaneseCases } from '../../../evals/cases-ja.js';
import { testOpsbot } from '../../support/test-opsbot.js';

/** Any ISO 8601 date with a time of day: what no person should have to read. */
const RAW_ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

type Opsbot = Awaited<ReturnType<typeof testOpsbot>>;
let opsbot: Opsbot;
let router: CommandRouter;
beforeAll(async () => {
  opsbot = await testOpsbot();
  router = new CommandRouter(opsbot.gateway, opsbot.config);
});
afterAll(() => opsbot.cleanup());

/** Every form a reply takes for a person: the shell/CLI text, and Slack's text beside cards plus each card. */
function presented(reply: Reply): string[] {
  const slack = [outsideText(replyTextBesideCards(reply)), ...reply.actions.map((action) => JSON.stringify(renderConfirmationCard(action)))];
  return [renderReply(reply), ...slack];
}

describe('no raw ISO timestamp reaches a person', () => {
  it('in any answer to the eval messages, in the shell or in Slack, although the tools write ISO times', async () => {
    const messages = [...englishCases, ...japaneseCases].filter((evalCase) => !evalCase.setup);
    // Answers that carry times: who approved what and when, the deploys of a service, the week's on-call.
    const extra = ['audit', 'deploy history frontend', 'who is on call for payments', 'status of api', 'incidents all'].map((message) => ({ message, user: 'U00LEAD', channel: undefined }));
    let rawInTools = 0;
    for (const { message, user, channel } of [...messages, ...extra]) {
      const reply = await router.respond({ text: message, actor: user, origin: { frontEnd: 'test', channel, conversationId: 'C-times' } });
      if (RAW_ISO.test(reply.text)) rawInTools++;
      for (const shown of presented(reply)) expect(shown, message).not.toMatch(RAW_ISO);
    }
    // The scan means something only if the answers had timestamps to rewrite.
    expect(rawInTools).toBeGreaterThanOrEqual(4);
  });

  it('in the lines about an action: its card, its listing, its outcome and the Slack status lines', async () => {
    const reply = await router.respond({ text: 'deploy frontend v2.4.0 to staging', actor: 'U00DEV', origin: { frontEnd: 'test', conversationId: 'C-times' } });
    const action = reply.actions[0]!;
    expect(action.expiresAt).toMatch(RAW_ISO);
    const outcome = await opsbot.gateway.confirm(action.id, 'U00LEAD', { frontEnd: 'test' });
    const decided = (await opsbot.actions.get(action.id))!;
    for (const shown of [renderActionLine(action), renderActionLine(decided), renderResolveOutcome(outcome), statusLine(decided), outcomeLine(decided), statusLine(action)]) {
      expect(shown).not.toMatch(RAW_ISO);
    }
    // An expiry past midnight UTC carries its date ("Dec 8, 00:10 UTC").
    expect(renderReply(reply)).toMatch(/expires (?:[A-Z][a-z]{2} \d{1,2}, )?\d{2}:\d{2} UTC \(in 1[45] min\)/);
    // Machine views keep ISO.
    expect(renderReply(reply, { iso: true })).toContain(action.expiresAt);
  });
});
