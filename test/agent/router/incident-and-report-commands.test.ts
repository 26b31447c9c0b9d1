import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/agent/router/index.js';
import { testConfig } from '../../support/test-opsbot.js';

const config = testConfig();
const inChannel = { channel: 'C0INC0001' };

/** `incident note|timeline|update` take an id, or, typed in a conversation (an incident's channel), leave it to the tool. */
describe('incident commands with an optional id', () => {
  it('reads incident note [ID] TEXT', () => {
    expect(parse('incident note INC-2026-0003 rolled back the CDN config', config)).toEqual({ kind: 'call', tool: 'incident_note', args: { id: 'INC-2026-0003', text: 'rolled back the CDN config' } });
    expect(parse('incident note rolled back the CDN config', config, inChannel)).toEqual({ kind: 'call', tool: 'incident_note', args: { text: 'rolled back the CDN config' } });
    expect(parse('incident note rolled back', config)).toMatchObject({ kind: 'incomplete', tool: 'incident_note', problem: expect.stringMatching(/Which incident/) });
    expect(parse('incident note', config, inChannel)).toMatchObject({ kind: 'incomplete', tool: 'incident_note', problem: expect.stringMatching(/What should the note say/) });
  });

  it('reads incident timeline [ID]', () => {
    expect(parse('incident timeline inc-2026-0003', config)).toEqual({ kind: 'call', tool: 'incident_timeline', args: { id: 'INC-2026-0003' } });
    expect(parse('incident timeline', config, inChannel)).toEqual({ kind: 'call', tool: 'incident_timeline', args: {} });
    expect(parse('incident timeline', config)).toMatchObject({ kind: 'incomplete', tool: 'incident_timeline' });
  });

  it('reads incident update without an id in a channel', () => {
    expect(parse('incident update severity:critical status:identified ledger writes failing', config, inChannel)).toEqual({
      kind: 'call',
      tool: 'incident_update',
      args: { severity: 'critical', status: 'identified', note: 'ledger writes failing' },
    });
  });
});

describe('incident postmortem', () => {
  it('reads incident postmortem [ID] and its pr form', () => {
    expect(parse('incident postmortem INC-2026-0003', config)).toEqual({ kind: 'call', tool: 'incident_postmortem', args: { id: 'INC-2026-0003' } });
    expect(parse('incident postmortem', config, inChannel)).toEqual({ kind: 'call', tool: 'incident_postmortem', args: {} });
    expect(parse('incident postmortem INC-2026-0003 pr', config)).toEqual({ kind: 'call', tool: 'postmortem_publish', args: { id: 'INC-2026-0003' } });
  });
});

describe('reports', () => {
  const withReport = testConfig({ reports: [{ name: 'weekly-ops', schedule: '0 9 * * MON', timezone: 'Europe/Berlin', channel: 'C0OPS', sections: ['status'] }] });
  it('reads report run NAME and report list', () => {
    expect(parse('report run weekly-ops', withReport)).toEqual({ kind: 'call', tool: 'report_run', args: { name: 'weekly-ops' } });
    expect(parse('/report list', withReport)).toEqual({ kind: 'call', tool: 'report_list', args: {} });
    expect(parse('report run', withReport)).toMatchObject({ kind: 'incomplete', tool: 'report_run' });
  });
});
