import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolFailure } from '../../../src/errors.js';
import { ADAPTERS, type AdapterUnderTest } from './adapters.js';

/** What every OnCallPort promises, whichever system holds the schedule. */
describe.each(ADAPTERS)('OnCallPort contract: $name', (adapter) => {
  let subject: AdapterUnderTest;
  beforeAll(async () => {
    subject = await adapter.open();
  });
  afterAll(() => subject.close());

  it("a team's primary is a named person; backup and shadow, when present, are other people", async () => {
    const web = await subject.backends.oncall.team('web');
    expect(web.team).toBe('web');
    expect(web.primary.name).toMatch(/\w/);
    expect(web.until).toMatch(/\w/);
    const ids = [web.primary, web.backup, web.shadow].filter(Boolean).map((person) => person!.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('who is on call at another time: next week the rotation has moved on, for a team and for the incident commander', async () => {
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const [now, next] = [await subject.backends.oncall.team('web'), await subject.backends.oncall.team('web', nextWeek)];
    expect(next.team).toBe('web');
    expect(next.primary.name).toMatch(/\w/);
    expect(next.primary.id).not.toBe(now.primary.id);
    expect((await subject.backends.oncall.incidentCommander(nextWeek)).person.id).not.toBe((await subject.backends.oncall.incidentCommander()).person.id);
  });

  it('a service name answers for its owning team; an unknown team is a readable refusal', async () => {
    expect((await subject.backends.oncall.team('frontend')).team).toBe('web');
    await expect(subject.backends.oncall.team('nope')).rejects.toBeInstanceOf(ToolFailure);
  });

  it('the incident commander has contact details; backup and shadow differ from them', async () => {
    const commander = await subject.backends.oncall.incidentCommander();
    expect(commander.person.email ?? commander.person.phone).toBeTruthy();
    for (const other of [commander.backup, commander.shadow]) if (other) expect(other.id).not.toBe(commander.person.id);
  });

  it('responders: the commander first, then a primary for every team', async () => {
    const responders = await subject.backends.oncall.responders();
    expect(responders[0]!.role).toBe('incident-commander');
    const teams = responders.filter((responder) => responder.role === 'primary').map((responder) => responder.team).sort();
    expect(teams).toEqual(['identity', 'payments', 'platform', 'web']);
  });

  it('a person by Slack id or partial name, case-insensitive; null for nobody', async () => {
    expect((await subject.backends.oncall.person('U00SRE'))?.name).toBe('Sam Reliability');
    expect((await subject.backends.oncall.person('priya'))?.id).toBe('U00PAY1');
    expect(await subject.backends.oncall.person('zzzz-nobody')).toBeNull();
  });
});
