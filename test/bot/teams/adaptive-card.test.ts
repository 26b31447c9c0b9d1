import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/bot/conversation/card.js';
import { renderAdaptiveCard, type AdaptiveElement } from '../../../src/bot/teams/adaptive-card.js';
import { escapeTeamsMarkdown } from '../../../src/bot/teams/teams-markdown.js';

const people = (person: string) => (person === 'U00LEAD' ? { name: 'Lea Lead', teamsId: 'aad-lead-0001' } : { name: person === 'U00DEV' ? 'Dev Person' : person });

const card: Card = {
  fallback: 'Approval needed: deploy frontend v2.4.0',
  tone: 'warning',
  sections: [
    { id: 'title', text: [{ icon: 'approval' }, ' ', { bold: ['Approval needed:'] }, ' deploy ', { code: 'frontend' }] },
    { fields: [{ label: 'Environment', value: ['production'] }, { label: 'Requested', value: [{ time: '2026-12-07T14:05:00Z' }] }] },
  ],
  context: ['Requested by ', { person: 'U00LEAD' }, ' and ', { person: 'U00DEV' }],
  buttons: [
    { actionId: 'opsbot_approve', label: 'Approve', value: 'act_1', style: 'primary' },
    { actionId: 'opsbot_reject', label: 'Reject', value: 'act_1', style: 'danger' },
  ],
};

function texts(elements: AdaptiveElement[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === 'TextBlock') return [element.text];
    if (element.type === 'FactSet') return element.facts.flatMap((fact) => [fact.title, fact.value]);
    if (element.type === 'Container') return texts(element.items);
    return [];
  });
}

describe('Adaptive Card rendering', () => {
  it('writes an Adaptive Card 1.4 with Action.Execute buttons whose verb is the action id and data the value', () => {
    const { card: rendered, summary } = renderAdaptiveCard(card, people, new Date('2026-12-07T15:00:00Z'));
    expect(rendered).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(rendered.actions).toEqual([
      { type: 'Action.Execute', title: 'Approve', verb: 'opsbot_approve', data: { value: 'act_1' }, style: 'positive' },
      { type: 'Action.Execute', title: 'Reject', verb: 'opsbot_reject', data: { value: 'act_1' }, style: 'destructive' },
    ]);
    expect(summary).toBe('Approval needed: deploy frontend v2.4.0');
    // The warning tone colours the first section; its id stays for later edits.
    expect(rendered.body[0]).toMatchObject({ type: 'Container', id: 'title', style: 'warning' });
    expect(rendered.body[1]).toEqual({ type: 'FactSet', facts: [{ title: 'Environment', value: 'production' }, { title: 'Requested', value: '14:05 UTC' }] });
    expect(texts(rendered.body)[0]).toBe('✋ **Approval needed:** deploy frontend');
  });

  it('mentions a person whose Teams id is known with a mention entity, and names the others', () => {
    const { card: rendered } = renderAdaptiveCard(card, people);
    expect(texts(rendered.body).at(-1)).toBe('Requested by <at>Lea Lead</at> and @Dev Person');
    expect(rendered.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Lea Lead</at>', mentioned: { id: 'aad-lead-0001', name: 'Lea Lead' } }]);
  });

  it('keeps outside text from mentioning, linking or formatting', () => {
    const hostile = '<at>Lea Lead</at> **urgent** [click](https://evil.example) https://evil.example _x_ `y`\n# heading\n- item\n1. first';
    const { card: rendered } = renderAdaptiveCard({ fallback: hostile, sections: [{ text: [hostile], quote: hostile, fields: [{ label: hostile, value: [hostile] }] }] }, people);
    expect(rendered.msteams?.entities).toBeUndefined();
    for (const text of texts(rendered.body)) {
      expect(text).not.toMatch(/<at>/);
      expect(text).not.toMatch(/(^|[^\\])\*\*/);
      expect(text).not.toMatch(/(^|[^\\])\[click/);
      expect(text).not.toContain('https://');
      expect(text).not.toMatch(/^#|^-|^1\./m);
    }
    expect(escapeTeamsMarkdown('v2.4.0 frontend-api')).toBe('v2.4.0 frontend-api');
  });

  it('links only http(s) URLs opsbot made', () => {
    const { card: rendered } = renderAdaptiveCard({ text: [{ link: 'https://grafana.example.com/d/abc', label: 'dashboard' }, ' ', { link: 'javascript:alert(1)', label: 'bad' }] }, people);
    expect(texts(rendered.body)).toEqual(['[dashboard](https://grafana.example.com/d/abc) bad']);
  });
});
