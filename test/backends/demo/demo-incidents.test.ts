import { describe, expect, it } from 'vitest';
import { ToolFailure } from '../../../src/errors.js';
import { demoFixture } from './demo-fixture.js';

describe('demo incidents', () => {
  it('numbers incidents sequentially per year', async () => {
    const { backends, clock } = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    const first = await backends.incidents.declare({ title: 'Checkout errors', severity: 'high', owner: 'U00SRE', declaredBy: 'U00LEAD' });
    const second = await backends.incidents.declare({ title: 'Slow logins', severity: 'medium', owner: 'U00ID1', declaredBy: 'U00SRE' });
    expect([first.id, first.number, second.id, second.number]).toEqual(['INC-2026-0001', 1, 'INC-2026-0002', 2]);
    clock.set('2027-01-01T00:30:00Z');
    expect((await backends.incidents.declare({ title: 'New year, new incident', severity: 'low', owner: 'U00SRE', declaredBy: 'U00SRE' })).id).toBe('INC-2027-0001');
  });

  it('gives simultaneous declarations distinct numbers', async () => {
    const { backends } = await demoFixture();
    const declared = await Promise.all([1, 2, 3, 4, 5].map((index) => backends.incidents.declare({ title: `Incident ${index}`, severity: 'low', owner: 'U00SRE', declaredBy: 'U00SRE' })));
    expect(declared.map((incident) => incident.number).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps a timeline of declare, updates and resolve, then refuses changes', async () => {
    const { backends, clock } = await demoFixture({ at: '2026-11-18T14:00:00Z' });
    const incident = await backends.incidents.declare({ title: 'Checkout errors', severity: 'high', owner: 'U00SRE', declaredBy: 'U00LEAD' });
    expect(incident).toMatchObject({ status: 'investigating', resolvedAt: null, createdAt: '2026-11-18T14:00:00.000Z' });
    expect(incident.timeline).toEqual([{ at: '2026-11-18T14:00:00.000Z', by: 'U00LEAD', text: 'Declared "Checkout errors" (severity high, owner U00SRE)' }]);

    clock.advance(5 * 60_000);
    const updated = await backends.incidents.update(incident.id.toLowerCase(), { status: 'identified', severity: 'critical', note: 'bad PSP certificate', by: 'U00SRE' });
    expect(updated).toMatchObject({ status: 'identified', severity: 'critical' });
    expect(updated.timeline.at(-1)).toEqual({ at: '2026-11-18T14:05:00.000Z', by: 'U00SRE', text: 'Status investigating → identified; severity high → critical; note: bad PSP certificate' });
    await expect(backends.incidents.update(incident.id, { by: 'U00SRE' })).rejects.toThrow(/Nothing to change/);

    clock.advance(20 * 60_000);
    const resolved = await backends.incidents.resolve(incident.id, { note: 'certificate renewed', by: 'U00SRE' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-18T14:25:00.000Z' });
    expect(resolved.timeline.map((entry) => entry.text)).toHaveLength(3);
    expect(resolved.timeline.at(-1)!.text).toBe('Resolved: certificate renewed');

    await expect(backends.incidents.update(incident.id, { note: 'one more thing', by: 'U00SRE' })).rejects.toThrow(/is resolved/);
    await expect(backends.incidents.resolve(incident.id, { by: 'U00SRE' })).rejects.toBeInstanceOf(ToolFailure);
    expect(await backends.incidents.get(incident.id)).toEqual(resolved);
  });

  it('refuses unknown ids without leaving anything behind, and lists open ones', async () => {
    const { backends } = await demoFixture();
    await expect(backends.incidents.update('INC-2026-0999', { note: 'x', by: 'U00SRE' })).rejects.toThrow(/No incident INC-2026-0999/);
    expect(await backends.incidents.get('INC-2026-0999')).toBeNull();
    const open = await backends.incidents.declare({ title: 'Open one', severity: 'low', owner: 'U00SRE', declaredBy: 'U00SRE' });
    const closed = await backends.incidents.declare({ title: 'Closed one', severity: 'low', owner: 'U00SRE', declaredBy: 'U00SRE' });
    await backends.incidents.resolve(closed.id, { by: 'U00SRE' });
    expect((await backends.incidents.list({})).map((incident) => incident.id)).toEqual([closed.id, open.id]);
    expect((await backends.incidents.list({ openOnly: true })).map((incident) => incident.id)).toEqual([open.id]);
  });
});
