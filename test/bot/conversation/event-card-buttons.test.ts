import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { isCard } from '../../../src/bot/conversation/card.js';
import { startChatPlatforms, type ChatPlatforms } from '../../../src/bot/start-chat-platforms.js';
import { EVENT_ACTION_IDS } from '../../../src/bot/webhooks/alert-card.js';
import { CrashCards } from '../../../src/bot/webhooks/kubernetes/crash-cards.js';
import { OutboxWorker } from '../../../src/bot/outbox/outbox-worker.js';
import { outboxEffects } from '../../../src/bot/outbox/start-outbox.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../src/bot/webhooks/start-webhooks.js';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/approval-card.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { MemoryPort, shownText, type MemoryMessage } from '../../support/conversation/memory-port.js';
import { testOpsbot } from '../../support/test-opsbot.js';
import { alertmanagerBody } from '../webhooks/webhook-harness.js';

const TOKEN = 'am-test-token-7c2e9d4b1a';
// People as Mattermost knows them; a stranger has no opsbot identity.
const MM = { sre: 'mmsre000000000000000000001', viewer: 'mmvic000000000000000000002', stranger: 'mmxyz000000000000000000009' };
const people = {
  ...demoConfig.people,
  U00SRE: { ...demoConfig.people!.U00SRE!, ids: { mattermost: MM.sre } },
  U00VIEWER: { ...demoConfig.people!.U00VIEWER!, ids: { mattermost: MM.viewer } },
};

let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
let mattermost: MemoryPort;
let receiver: WebhookReceiver;
let platforms: ChatPlatforms;
let card: MemoryMessage;
const logs: string[] = [];

beforeEach(async () => {
  // Alerts are routed to a Mattermost channel: the card, its buttons and what they make all live there.
  opsbot = await testOpsbot({ overrides: { people, webhooks: { port: 0, alertmanager: { token: 'env:AM_TOKEN' } }, notifications: { routes: [], defaultChannel: 'mattermost:alerts' } } });
  mattermost = new MemoryPort('mattermost');
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (line: string) => void logs.push(line) };
  receiver = await startWebhookReceiver(opsbot, { env: { AM_TOKEN: TOKEN }, senders: [mattermost], listen: { host: '127.0.0.1', port: 0 }, logger: quiet, sweepIntervalMs: 3_600_000 });
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  platforms = await startChatPlatforms(opsbot, { ports: [mattermost], responder: router, router, logger: quiet, outbox: false });
  const response = await fetch(`http://127.0.0.1:${receiver.port}/hooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(alertmanagerBody()) });
  expect(response.ok).toBe(true);
  await receiver.idle();
  card = mattermost.cards().find((message) => message.channel === 'alerts')!;
  expect(shownText(card)).toContain('HighErrorRate');
});

afterEach(async () => {
  await platforms.stop();
  await receiver.stop();
  await opsbot.cleanup();
});

async function click(actionId: string, clicker: string): Promise<void> {
  await mattermost.click(card, actionId, clicker);
  for (const frontEnd of platforms.frontEnds) await frontEnd.idle();
}

const privateTo = (user: string) => mattermost.messages.filter((message) => message.visibleTo === user).map(shownText);
const silences = async () => (await opsbot.gateway.listActions(50)).filter((action) => action.tool === 'alert_silence');
const approvalCardsInThread = () => mattermost.thread('alerts', card.id).filter((message) => isCard(message.content) && message.content.buttons?.some((button) => button.actionId === CARD_ACTION_IDS.approve));

describe('event card buttons on a platform other than Slack', () => {
  it("Silence 1h from an SRE on Mattermost proposes a silence of this alert, its approval card in the card's thread there", async () => {
    await click(EVENT_ACTION_IDS.silence, MM.sre);
    const [action] = await silences();
    expect(action).toMatchObject({ requester: 'U00SRE', state: 'proposed', args: { alert: 'HighErrorRate', duration_minutes: 60 } });
    expect(action!.origin).toMatchObject({ frontEnd: 'mattermost', channel: 'alerts', threadTs: card.id });
    const cards = approvalCardsInThread();
    expect(cards).toHaveLength(1);
    expect(cards[0]!.content).toMatchObject({ buttons: expect.arrayContaining([expect.objectContaining({ value: action!.id })]) });
    expect(privateTo(MM.sre)).toEqual([]);
  });

  it("a viewer's Silence is refused privately and proposes nothing", async () => {
    await click(EVENT_ACTION_IDS.silence, MM.viewer);
    expect(privateTo(MM.viewer).join('\n')).toMatch(/Refused/);
    expect(await silences()).toEqual([]);
    expect(mattermost.thread('alerts', card.id).filter((message) => !message.visibleTo)).toEqual([]);
  });

  it("Runbook is a read, answered in the card's thread for everyone", async () => {
    await click(EVENT_ACTION_IDS.runbook, MM.viewer);
    const answers = mattermost.thread('alerts', card.id).filter((message) => !message.visibleTo).map(shownText);
    expect(answers.join('\n')).toMatch(/asked for runbook/);
  });

  it('a click the platform fails to answer is apologised for privately, with a reference the log carries', async () => {
    // The Runbook answer meets the platform's rate limit; the apology after it goes through.
    mattermost.rateLimitNext(30);
    await click(EVENT_ACTION_IDS.runbook, MM.viewer);
    const [apology] = privateTo(MM.viewer);
    expect(apology).toMatch(/^Sorry, something went wrong on my side .*\(ref ([0-9a-f]{8})\)/);
    const reference = /\(ref ([0-9a-f]{8})\)/.exec(apology!)![1]!;
    expect(logs.some((line) => line.includes(`(ref ${reference})`) && line.includes('rate limited'))).toBe(true);
  });

  it('an unmapped clicker is told how to get mapped, privately, and nothing is asked for', async () => {
    await click(EVENT_ACTION_IDS.silence, MM.stranger);
    expect(privateTo(MM.stranger).join('\n')).toContain(MM.stranger);
    expect(await opsbot.gateway.listActions(50)).toEqual([]);
    expect(mattermost.thread('alerts', card.id).filter((message) => !message.visibleTo)).toEqual([]);
  });

  it('a crashlooping workload gets its card on Mattermost through the outbox, and its buttons are answered there', async () => {
    const crashes = new CrashCards({ outbox: opsbot.outbox, kv: opsbot.kv, workloads: opsbot.backends.workloads, config: opsbot.config });
    const pod = { name: 'payments-7d9f-abcde', service: 'payments', environment: 'production', namespace: 'shop', ready: '0/1', status: 'CrashLoopBackOff', restarts: 7, startedAt: null, node: null, container: 'app', lastTermination: { reason: 'Error', exitCode: 1, finishedAt: null } };
    expect(await crashes.observe({ type: 'MODIFIED', pod })).toBe('posted');
    // Queued, not sent: whichever worker can reach Mattermost sends it (here one more, as another replica's would).
    expect(mattermost.cards().filter((message) => shownText(message).includes('CrashLoopBackOff: payments'))).toEqual([]);
    const replica = new OutboxWorker({ outbox: opsbot.outbox, senders: [mattermost], effects: outboxEffects(opsbot), logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    expect(await replica.drain()).toBe(1);
    const crash = mattermost.cards().find((message) => message.channel === 'alerts' && shownText(message).includes('CrashLoopBackOff: payments'));
    expect(crash).toBeDefined();
    expect((await CrashCards.stored(opsbot.kv, 'production/payments/CrashLoopBackOff'))?.card).toEqual({ channel: 'mattermost:alerts', ts: crash!.id });
    await mattermost.click(crash!, EVENT_ACTION_IDS.workloadRestart, MM.viewer);
    for (const frontEnd of platforms.frontEnds) await frontEnd.idle();
    expect(privateTo(MM.viewer).join('\n')).toMatch(/Refused|not/i);
    expect((await opsbot.gateway.listActions(50)).filter((action) => action.tool === 'restart')).toEqual([]);
    // The SRE may not restart production either (the real policy): refused privately; the Logs read is answered in the thread.
    await mattermost.click(crash!, EVENT_ACTION_IDS.workloadRestart, MM.sre);
    await mattermost.click(crash!, EVENT_ACTION_IDS.workloadLogs, MM.sre);
    for (const frontEnd of platforms.frontEnds) await frontEnd.idle();
    expect(privateTo(MM.sre).join('\n')).toMatch(/Refused: U00SRE lacks restart:production/);
    expect(mattermost.thread('alerts', crash!.id).filter((message) => !message.visibleTo).map(shownText).join('\n')).toMatch(/asked for pod_logs/);
  });
});
