import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/bot/conversation/card.js';
import { renderSlackContent, slackMrkdwn } from '../../../src/bot/slack/block-kit-card.js';

describe('neutral cards as Block Kit', () => {
  it('escapes literal text so it cannot mention, broadcast or link', () => {
    const mrkdwn = slackMrkdwn(['<!channel> <@U1> <https://evil.example|click> & more']);
    expect(mrkdwn).toBe('&lt;!channel&gt; &lt;@U1&gt; &lt;https://evil.example|click&gt; &amp; more');
  });

  it('renders spans opsbot built: bold, code, people, times, links and icons', () => {
    const mrkdwn = slackMrkdwn([{ icon: 'firing' }, ' ', { bold: ['Firing '] }, { code: 'v2.4.0' }, ' by ', { person: 'U00LEAD' }, ' at ', { time: '2026-12-07T14:05:00Z' }, ' ', { link: 'https://grafana.example/d/1', label: 'dashboard' }, ' ', { link: 'javascript:alert(1)', label: 'bad' }]);
    expect(mrkdwn).toBe(':rotating_light: *Firing* `v2.4.0` by <@U00LEAD> at <!date^1796652300^{date_short_pretty} {time}|Dec 7 2026, 14:05 UTC> <https://grafana.example/d/1|dashboard> bad');
  });

  it('turns sections, fields, context and buttons into blocks with an escaped fallback', () => {
    const card: Card = {
      fallback: 'Approval needed: <deploy>',
      sections: [{ id: 'title', text: [{ bold: ['Approval needed'] }], quote: 'line one\nline two' }, { fields: [{ label: 'Environment', value: ['production'] }] }],
      context: ['Requested by ', { person: 'U00LEAD' }],
      buttons: [{ actionId: 'opsbot_approve', label: 'Approve', value: 'act_1', style: 'primary' }],
    };
    const rendered = renderSlackContent(card);
    expect(rendered.text).toBe('Approval needed: &lt;deploy&gt;');
    expect(rendered.blocks).toEqual([
      { type: 'section', block_id: 'title', text: { type: 'mrkdwn', text: '*Approval needed*\n>line one\n>line two' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Environment*\nproduction' }] },
      { type: 'context', block_id: 'opsbot_card_context', elements: [{ type: 'mrkdwn', text: 'Requested by <@U00LEAD>' }] },
      { type: 'actions', block_id: 'opsbot_card_buttons', elements: [{ type: 'button', action_id: 'opsbot_approve', text: { type: 'plain_text', text: 'Approve' }, value: 'act_1', style: 'primary' }] },
    ]);
  });

  it('keeps more than ten facts as lines, within Slack limits', () => {
    const fields = Array.from({ length: 12 }, (_, index) => ({ label: `f${index}`, value: [`v${index}`] }));
    const rendered = renderSlackContent({ fallback: 'many', sections: [{ fields }] });
    const block = rendered.blocks[0] as { text: { text: string }; fields?: unknown };
    expect(block.fields).toBeUndefined();
    expect(block.text.text.split('\n')).toHaveLength(12);
    expect(block.text.text).toContain('*f11:* v11');
  });
});
