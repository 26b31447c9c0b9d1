import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallOutcome } from '../../src/actions/outcomes.js';
import type { PendingAction } from '../../src/actions/pending-action.js';
import type { Incident } from '../../src/backends/ports/incidents.js';
import type { PageRecord } from '../../src/backends/ports/paging.js';
import { redrawBriefedPage } from '../../src/workflows/briefing-record.js';
import { IncidentBriefing } from '../../src/workflows/incident-briefing.js';
import type { OutgoingMessage, PostedMessage, Poster } from '../../src/workflows/posting.js';
import { testOpsbot } from '../support/test-opsbot.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;
const CLI = { frontEnd: 'cli' } as const;

/** The posting port in memory: messages by ts; edits wait at a gate the test opens (a slow platform). */
class GatedPoster implements Poster {
  readonly messages = new Map<string, string>();
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  async post(conversation: string, message: OutgoingMessage): Promise<PostedMessage> {
    const ts = `${this.messages.size + 1}.000`;
    this.messages.set(ts, message.text);
    return { conversation, ts };
  }

  async update(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    await this.gate;
    this.messages.set(posted.ts, message.text);
  }

  async roomOf(): Promise<string | undefined> {
    return undefined;
  }

  release(): void {
    this.open();
  }
}

const page: PageRecord = {
  id: 'PPAGE42',
  target: 'incident_commander',
  recipients: [{ id: 'U00LEAD', name: 'Lee Lead', email: null, phone: null, timezone: null }],
  message: 'INC-1 (high): db failover.',
  requestedBy: 'U00SRE',
  at: '2026-12-07T10:00:00.000Z',
  status: 'sent',
  providerState: 'triggered',
};

describe('the briefing kept in the store', () => {
  let opsbot: TestOpsbot | undefined;
  afterEach(async () => opsbot?.cleanup());

  async function declared(bot: TestOpsbot): Promise<{ incident: Incident; action: PendingAction }> {
    const proposed = await bot.gateway.call({ tool: 'incident_declare', args: { title: 'db failover', severity: 'high' }, actor: 'U00SRE', origin: CLI });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await bot.gateway.confirm(proposed.action.id, 'U00SRE', CLI);
    const [incident] = await bot.backends.incidents.list({ openOnly: true });
    return { incident: incident!, action: (await bot.gateway.getAction(proposed.action.id))! };
  }

  it('an acknowledgement that lands while parts are still being drawn is not drawn over by them', async () => {
    const bot = (opsbot = await testOpsbot());
    const { incident, action } = await declared(bot);
    const poster = new GatedPoster();
    const briefing = new IncidentBriefing({ gateway: bot.gateway, config: bot.config, poster, kv: bot.kv });
    const paged: Promise<CallOutcome> = Promise.resolve({ status: 'ok', tool: 'page', text: 'paged', data: { page } });
    const briefed = briefing.brief(incident, action, CLI, paged, 'C0ROOM');

    // PagerDuty acknowledges as soon as the page is known, while every redraw still waits on the platform.
    const redrawn = await vi.waitFor(async () => {
      const found = await redrawBriefedPage(bot.kv, page.id, { state: 'acknowledged', by: 'Lee Lead', at: '2026-12-07T10:02:00.000Z' }, new Date());
      if (!found) throw new Error('the page is not known yet');
      return found;
    });
    expect(redrawn.message.text).toContain('(page PPAGE42, PagerDuty: acknowledged by Lee Lead at 10:02 UTC).');
    // Still being drawn: the webhook leaves the message to the workflow (an edit of these parts, "gathering…" and
    // all, could land after the workflow's last one).
    expect(redrawn.drawing).toBe(true);
    poster.release();
    const posted = await briefed;
    const final = poster.messages.get(posted!.ts)!;
    expect(final).toContain('Lee Lead paged at 10:00 UTC (page PPAGE42, PagerDuty: acknowledged by Lee Lead at 10:02 UTC).');
    expect(final).not.toContain('gathering');
    // Once drawn, later news is the webhook's to draw, with every part as the workflow left it.
    const resolved = await redrawBriefedPage(bot.kv, page.id, { state: 'resolved', by: 'Lee Lead', at: '2026-12-07T10:30:00.000Z' }, new Date());
    expect(resolved?.drawing).toBe(false);
    expect(resolved?.message.text).not.toContain('gathering');
    expect(resolved?.message.text).toContain('PagerDuty: resolved by Lee Lead at 10:30 UTC');
  });

  it('older news of a page does not redraw a newer state, and an unknown page redraws nothing', async () => {
    const bot = (opsbot = await testOpsbot());
    const { incident, action } = await declared(bot);
    const poster = new GatedPoster();
    poster.release();
    await new IncidentBriefing({ gateway: bot.gateway, config: bot.config, poster, kv: bot.kv }).brief(incident, action, CLI, Promise.resolve({ status: 'ok', tool: 'page', text: 'paged', data: { page } }), 'C0ROOM');
    const resolved = await redrawBriefedPage(bot.kv, page.id, { state: 'resolved', by: 'Lee Lead', at: '2026-12-07T10:30:00.000Z' }, new Date());
    expect(resolved?.message.text).toContain('PagerDuty: resolved by Lee Lead at 10:30 UTC');
    expect(await redrawBriefedPage(bot.kv, page.id, { state: 'acknowledged', by: 'Lee Lead', at: '2026-12-07T10:02:00.000Z' }, new Date())).toBeUndefined();
    expect(await redrawBriefedPage(bot.kv, 'PSOMEONEELSE', { state: 'acknowledged', at: '2026-12-07T10:02:00.000Z' }, new Date())).toBeUndefined();
  });
});
