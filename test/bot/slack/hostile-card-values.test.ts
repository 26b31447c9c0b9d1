import { describe, expect, it } from 'vitest';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import type { ChatContent } from '../../../src/bot/conversation/card.js';
import { outcomeLine, renderConfirmationCard, type RenderedMessage } from '../../../src/bot/presenter/block-kit.js';
import { renderSlackContent } from '../../../src/bot/slack/block-kit-card.js';
import { renderAlertCard } from '../../../src/bot/webhooks/alert-card.js';
import type { AlertGroupRecord } from '../../../src/bot/webhooks/alert-groups.js';
import { pagerDutyCard } from '../../../src/bot/webhooks/pagerduty/card.js';
import { pullRequestHandler } from '../../../src/bot/webhooks/release-flow.js';
import { testOpsbot } from '../../support/test-opsbot.js';

// Broadcasts, a disguised link and a bare ampersand: what a label, annotation, title or argument may carry.
const HOSTILE = 'x <!here> <!channel> <http://x|y> & y';

/** Every string Slack renders as text in a message: the top-level fallback and each `text` in the blocks. */
function slackTexts(message: { text?: unknown; blocks?: unknown }): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (key === 'text') found.push(value);
    } else if (Array.isArray(value)) value.forEach((entry) => walk(entry, key));
    else if (value && typeof value === 'object') for (const [name, inner] of Object.entries(value)) walk(inner, name === 'text' && typeof inner === 'object' ? undefined : name);
  };
  walk(message);
  return found;
}

/** Markup that would act (a broadcast, a link we did not make) or an ampersand Slack would read as an entity. */
function liveMarkup(message: { text?: unknown; blocks?: unknown }): string[] {
  return slackTexts(message).flatMap((text) => {
    const tokens = [...text.matchAll(/<([^>]*)>/g)].map((match) => match[1]!);
    const unsafe = tokens.filter((token) => !/^@[UW][A-Z0-9]+$/.test(token) && !/^#C[A-Z0-9]+$/.test(token) && !/^!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*$/.test(token) && !/^https?:\/\/[^\s<>|]+\|[^<>|]*$/.test(token));
    const ampersands = [...text.matchAll(/&(?!amp;|lt;|gt;)/g)].map(() => '&');
    // A link is ours only if its label says what it is; a hostile label or URL never survives intact.
    const disguised = tokens.filter((token) => token.includes('http://x|y'));
    return [...unsafe, ...ampersands, ...disguised];
  });
}

describe('every card builder, fed hostile values, renders nothing live', () => {
  it('the alert card, firing and resolved, with an unparseable start time', () => {
    const alert = { fingerprint: 'f1', status: 'firing' as const, name: HOSTILE, service: HOSTILE, team: HOSTILE, environment: HOSTILE, severity: HOSTILE, summary: HOSTILE, runbookUrl: `http://x|y><!channel>`, startsAt: HOSTILE, generatorUrl: HOSTILE, labels: { alertname: HOSTILE } };
    const group: AlertGroupRecord = { ref: 'ag_1', groupKey: HOSTILE, status: 'firing', groupLabels: { alertname: HOSTILE }, externalUrl: `http://am|<!here>`, truncatedAlerts: 0, alerts: [alert], firstSeenAt: HOSTILE, updatedAt: HOSTILE };
    const now = new Date('2026-12-01T10:00:00Z');
    // A start time JavaScript still parses, with markup in a parenthesised comment the parser skips.
    const lenient = { ...alert, startsAt: '2026-12-01 (<!channel> <http://x|y> &)' };
    for (const card of [renderAlertCard(group, now, 'U00LEAD'), renderAlertCard({ ...group, alerts: [lenient] }, now), renderAlertCard({ ...group, status: 'resolved', resolvedAt: HOSTILE, alerts: [{ ...alert, status: 'resolved', endsAt: HOSTILE }] }, now)]) {
      // Cards are neutral; Slack sees them as its adapter renders them.
      const message = renderSlackContent(card);
      expect(liveMarkup(message)).toEqual([]);
      expect(message.text).toContain('&lt;!here&gt;');
    }
  });

  it('the PagerDuty card', () => {
    const message = renderSlackContent(pagerDutyCard({ incidentId: HOSTILE, title: HOSTILE, status: 'triggered', urgency: 'high', htmlUrl: 'https://pd.example/incidents/1|<!here>', service: HOSTILE, assignees: [HOSTILE], lastChange: HOSTILE }));
    expect(liveMarkup(message)).toEqual([]);
  });

  it('the confirmation card and the outcome line', () => {
    const action: PendingAction = {
      id: 'act_1', tool: 'page', args: { message: HOSTILE, team: HOSTILE }, argsHash: 'h', requester: 'U00DEV', origin: { frontEnd: 'slack' }, state: 'failed', permission: 'page:team',
      approval: { summary: HOSTILE } as PendingAction['approval'], policyVersion: 'v', summary: HOSTILE, preview: { [HOSTILE]: HOSTILE }, createdAt: '2026-12-01T10:00:00Z', expiresAt: HOSTILE, updatedAt: HOSTILE, decidedBy: 'U00LEAD', decidedAt: HOSTILE, result: { ok: false, text: HOSTILE },
    };
    expect(liveMarkup(renderConfirmationCard(action))).toEqual([]);
    expect(liveMarkup(renderConfirmationCard({ ...action, state: 'proposed', result: null }))).toEqual([]);
    expect(liveMarkup({ text: outcomeLine(action) })).toEqual([]);
  });

  it('the release cards', async () => {
    const opsbot = await testOpsbot({ overrides: { notifications: { routes: [], defaultChannel: 'C0REL', mentionOnCall: [] } } });
    // Cards are queued in the outbox with their delivery's outcome: what would be posted is each outcome's messages.
    const posted: RenderedMessage[] = [];
    try {
      const handler = pullRequestHandler({ kv: opsbot.kv, config: opsbot.config });
      const pull = (action: string, number: number, extra: Record<string, unknown>) =>
        handler.parse({ action, pull_request: { number, title: HOSTILE, html_url: 'https://github.com/acme/frontend/pull/1|<!channel>', merged: action === 'closed', body: HOSTILE, labels: [{ name: 'release' }], user: { login: HOSTILE }, merged_by: { login: HOSTILE }, head: { ref: 'feature' }, base: { ref: 'main' }, ...extra }, repository: { full_name: 'acme/frontend' }, sender: { login: HOSTILE } })!;
      for (const delivery of [pull('opened', 50, { head: { ref: 'release/v2026.12.0' } }), pull('closed', 51, {}), pull('closed', 50, { head: { ref: 'release/v2026.12.0' } })]) {
        const outcome = await handler.handle(delivery);
        // Release cards are neutral content (only a briefing's redraw carries Slack's own text).
        for (const message of outcome.messages ?? []) posted.push(renderSlackContent(message.content as ChatContent));
      }
      expect(posted.length).toBe(2);
      for (const message of posted) expect(liveMarkup(message)).toEqual([]);
    } finally {
      await opsbot.cleanup();
    }
  });
});
