import { afterEach, describe, expect, it } from 'vitest';
import { slashCommands } from '../../../src/bot/slack/slash-commands.js';
import { CHANNEL, message, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function slash(h: SlackHarness, command: string, text: string, userId = 'U00LEAD', channelId = CHANNEL) {
  return h.sender.command({ command, text, userId, channelId, responseUrl: h.fake.responseUrl(command.slice(1)) });
}

const privateReplies = (h: SlackHarness) => h.fake.callsOf('response_url').map((call) => call.args);
const failingModel = () => ({
  respond: async (): Promise<never> => {
    throw new Error('the model is down');
  },
});

describe('Slack slash commands', () => {
  it('acks at once and answers in the channel, through the router even when the model is down', async () => {
    const h = (harness = await slackHarness({ responder: failingModel }));
    const response = await slash(h, '/status', 'frontend', 'U00VIEWER');
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    await h.frontEnd.idle();
    const [root] = h.fake.callsOf('chat.postMessage');
    expect(root?.args).toMatchObject({ channel: CHANNEL, text: '<@U00VIEWER> `/status frontend`\n_checking…_' });
    expect(root?.args.thread_ts).toBeUndefined();
    const answered = [...h.fake.messages.values()][0]!;
    expect(answered.text).toMatch(/^<@U00VIEWER> `\/status frontend`\nfrontend \(production\) (NORMAL|DEGRADED|DOWN) · v/);
  });

  it('never echoes a pasted token into the channel, nor stores or sends it', async () => {
    const h = (harness = await slackHarness());
    await slash(h, '/page', 'U00SRE the bot token is xoxb-123456789012-abcdefghijkl', 'U00DEV');
    await h.frontEnd.idle();
    const posted = JSON.stringify([...h.fake.callsOf('chat.postMessage'), ...h.fake.callsOf('chat.update')].map((call) => call.args));
    expect(posted).toContain('[REDACTED]');
    expect(posted).not.toContain('xoxb-123456789012');
    const [action] = await h.opsbot.gateway.listActions(1);
    expect(action?.args).toMatchObject({ message: 'the bot token is [REDACTED]' });
  });

  it('gives bad arguments a private usage line, and posts nothing', async () => {
    const h = (harness = await slackHarness());
    await slash(h, '/deploy', 'frontend');
    await slash(h, '/rollback', '');
    await h.frontEnd.idle();
    const [deploy, rollback] = privateReplies(h);
    expect(deploy).toMatchObject({ response_type: 'ephemeral' });
    expect(String(deploy?.text)).toMatch(/Usage: \/deploy SERVICE VERSION \[to\] ENVIRONMENT/);
    expect(String(rollback?.text)).toMatch(/Usage: \/rollback SERVICE in ENVIRONMENT \[to VERSION\]/);
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('turns a mutating command into a card in the thread of its answer, which then carries the conversation', async () => {
    const h = (harness = await slackHarness());
    await slash(h, '/deploy', 'frontend v2.4.0 to production');
    await h.frontEnd.idle();
    const root = [...h.fake.messages.values()].find((entry) => !entry.threadTs)!;
    const [card] = h.fake.thread(CHANNEL, root.ts);
    expect(card?.blocks).toBeDefined();
    const [action] = await h.opsbot.gateway.listActions(1);
    expect(action?.origin).toMatchObject({ frontEnd: 'slack', channel: CHANNEL, threadTs: root.ts, via: 'router' });
    await h.sender.event(message('U00LEAD', 'status frontend', '1780000300.000100', { thread_ts: root.ts }));
    await h.frontEnd.idle();
    expect(h.fake.thread(CHANNEL, root.ts).at(-1)?.text).toMatch(/^frontend \(production\)/);
  });

  it('answers privately where opsbot may not post, and says how to get buttons', async () => {
    const h = (harness = await slackHarness({ fake: { notInChannel: ['C0ELSEWHERE'] } }));
    await slash(h, '/deploy', 'frontend v2.4.0 to production', 'U00LEAD', 'C0ELSEWHERE');
    await h.frontEnd.idle();
    const [reply] = privateReplies(h);
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply?.text)).toMatch(/Invite me to this channel/);
  });

  it('registers every command word of the registry', async () => {
    const h = (harness = await slackHarness());
    const SLASH_COMMANDS = slashCommands(h.opsbot.config);
    expect(SLASH_COMMANDS).toEqual(expect.arrayContaining(['status', 'check', 'deploy', 'rollback', 'oncall', 'ic', 'page', 'incident', 'alerts', 'runbook', 'release']));
    for (const name of SLASH_COMMANDS) await slash(h, `/${name}`, '', 'U00VIEWER');
    await h.frontEnd.idle();
    const roots = h.fake.callsOf('chat.postMessage').filter((call) => !call.args.thread_ts).length;
    expect(roots + privateReplies(h).length).toBe(SLASH_COMMANDS.length);
  });
});
