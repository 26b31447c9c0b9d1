import { describe, expect, it } from 'vitest';
import type { PageRecord } from '../../src/backends/ports/paging.js';
import { pagedText } from '../../src/workflows/briefing-parts.js';

const person = (id: string, name: string) => ({ id, name, email: null, phone: null, timezone: null });
const page = (providerState?: PageRecord['providerState']): PageRecord => ({ id: 'Q1ABC', target: 'incident commander', recipients: [person('U00LEAD', 'Lee Lead'), person('U00SRE', 'Sam Reliability')], message: 'INC', requestedBy: 'U00SRE', at: '2026-12-07T12:34:56Z', status: 'sent', ...(providerState ? { providerState } : {}) });

describe('the briefing says who was paged', () => {
  it("with PagerDuty's own state of the page when the provider keeps one, and says when it does not", () => {
    expect(pagedText({ status: 'ok', tool: 'page', text: '', data: { page: page('acknowledged') } })).toBe('Lee Lead, Sam Reliability paged at 12:34 UTC (page Q1ABC, PagerDuty: acknowledged).');
    expect(pagedText({ status: 'ok', tool: 'page', text: '', data: { page: page('triggered') } })).toContain('PagerDuty: triggered');
    expect(pagedText({ status: 'ok', tool: 'page', text: '', data: { page: page() } })).toContain('no acknowledgement state (demo pager)');
  });

  it('a refused or failed page fails the part with its reason', () => {
    expect(() => pagedText({ status: 'denied', tool: 'page', text: 'U00X lacks page:incident_commander', permission: 'page:incident_commander' })).toThrow('U00X lacks page:incident_commander');
    expect(() => pagedText({ status: 'error', tool: 'page', text: 'PagerDuty unreachable' })).toThrow('PagerDuty unreachable');
  });
});
