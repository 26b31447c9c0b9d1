import { describe, expect, it } from 'vitest';
import { ToolFailure } from '../../../src/errors.js';
import { demoConfigWith, demoFixture } from './demo-fixture.js';

// Rotations count weeks from 2026-01-05 (a Monday); web's rotation is U00DEV, U00WEB1, U00LEAD.
const WEEK_ZERO = '2026-01-06T10:00:00Z';

describe('demo on-call', () => {
  it('rotates primary, backup and shadow week by week', async () => {
    const { backends, clock } = await demoFixture({ at: WEEK_ZERO });
    const first = await backends.oncall.team('web');
    expect([first.primary.id, first.backup?.id, first.shadow?.id]).toEqual(['U00DEV', 'U00WEB1', 'U00LEAD']);
    expect(first.until).toBe('2026-01-12T00:00:00.000Z');
    expect(first.primary).toEqual({ id: 'U00DEV', name: 'Dana Developer', email: 'dana@example.com', phone: '+1-555-0101', timezone: 'America/New_York' });

    clock.advance(7 * 86_400_000);
    const second = await backends.oncall.team('web');
    expect([second.primary.id, second.backup?.id, second.shadow?.id]).toEqual(['U00WEB1', 'U00LEAD', 'U00DEV']);
    expect(second.until).toBe('2026-01-19T00:00:00.000Z');

    clock.set('2026-11-18T14:00:00Z'); // week 45: 45 % 3 = 0
    expect((await backends.oncall.team('web')).primary.id).toBe('U00DEV');
  });

  it('rotates the incident commander the same way', async () => {
    const { backends, clock } = await demoFixture({ at: WEEK_ZERO });
    expect((await backends.oncall.incidentCommander()).person.id).toBe('U00LEAD');
    clock.advance(7 * 86_400_000);
    expect(await backends.oncall.incidentCommander()).toMatchObject({ person: { id: 'U00SRE', name: 'Sam Reliability' }, until: '2026-01-19T00:00:00.000Z' });
  });

  it('leaves backup and shadow empty when the rotation is too short, and names people missing from config by id', async () => {
    const config = demoConfigWith({
      replace: {
        teams: [
          { name: 'solo', rotation: ['U00SOLO'] },
          { name: 'pair', rotation: ['U00DEV', 'U00LEAD'] },
        ],
      },
    });
    const { backends } = await demoFixture({ at: WEEK_ZERO, config });
    expect(await backends.oncall.team('solo')).toMatchObject({ primary: { id: 'U00SOLO', name: 'U00SOLO', email: null, phone: null, timezone: null }, backup: null, shadow: null });
    expect(await backends.oncall.team('pair')).toMatchObject({ primary: { id: 'U00DEV' }, backup: { id: 'U00LEAD' }, shadow: null });
  });

  it('lists every responder: the incident commander and each team', async () => {
    const { backends } = await demoFixture({ at: WEEK_ZERO });
    const responders = await backends.oncall.responders();
    expect(responders[0]).toMatchObject({ role: 'incident-commander', team: null, person: { id: 'U00LEAD' } });
    expect(responders).toHaveLength(1 + 4 * 3);
    expect(responders.find((responder) => responder.team === 'payments' && responder.role === 'primary')!.person.id).toBe('U00PAY1');
  });

  it('finds people by id or partial name, and teams by name or by a service they own', async () => {
    const { backends } = await demoFixture({ at: WEEK_ZERO });
    expect((await backends.oncall.person('u00sre'))!.name).toBe('Sam Reliability');
    expect((await backends.oncall.person('priya'))!.id).toBe('U00PAY1');
    expect((await backends.oncall.person('<@U00DEV>'))!.id).toBe('U00DEV');
    expect(await backends.oncall.person('nobody here')).toBeNull();
    expect((await backends.oncall.team('frontend')).team).toBe('web');
    await expect(backends.oncall.team('database')).rejects.toThrow(/Unknown team "database".*web, platform, identity, payments/);
    await expect(backends.oncall.team('database')).rejects.toBeInstanceOf(ToolFailure);
  });

  it('is unreachable (a plain error) during a simulated outage', async () => {
    const { backends } = await demoFixture({ config: demoConfigWith({ demo: { outages: ['oncall'] } }) });
    const error = await backends.oncall.team('web').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ToolFailure);
    await expect(backends.oncall.person('dana')).rejects.toThrow(/unreachable/);
  });
});
