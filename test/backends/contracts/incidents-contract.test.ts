import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolFailure } from '../../../src/errors.js';
import { ADAPTERS, type AdapterUnderTest } from './adapters.js';

/** What every IncidentsPort promises: opsbot's incident number, status and timeline, whoever else tracks it. */
describe.each(ADAPTERS)('IncidentsPort contract: $name', (adapter) => {
  let subject: AdapterUnderTest;
  beforeAll(async () => {
    subject = await adapter.open();
  });
  afterAll(() => subject.close());

  it('declare → update → resolve, with a timeline and the open list following along', async () => {
    const { incidents } = subject.backends;
    const declared = await incidents.declare({ title: 'Checkout errors', severity: 'high', owner: 'U00LEAD', declaredBy: 'U00SRE' });
    expect(declared).toMatchObject({ id: expect.stringMatching(/^INC-\d{4}-\d{4}$/), status: 'investigating', severity: 'high', owner: 'U00LEAD', resolvedAt: null });
    expect((await incidents.list({ openOnly: true })).map((incident) => incident.id)).toContain(declared.id);

    const updated = await incidents.update(declared.id, { status: 'identified', note: 'bad deploy', by: 'U00SRE' });
    expect(updated.status).toBe('identified');
    expect(updated.timeline.some((entry) => entry.text.includes('bad deploy'))).toBe(true);

    const resolved = await incidents.resolve(declared.id, { note: 'rolled back', by: 'U00LEAD' });
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await incidents.get(declared.id))?.status).toBe('resolved');
    expect((await incidents.list({ openOnly: true })).map((incident) => incident.id)).not.toContain(declared.id);
  });

  it('keeps the service a declaration names, through updates and resolving, and none when it names none', async () => {
    const { incidents } = subject.backends;
    const declared = await incidents.declare({ title: 'api 5xx spike', severity: 'high', owner: 'U00SRE', declaredBy: 'U00SRE', service: 'api' });
    expect(declared.service).toBe('api');
    expect((await incidents.get(declared.id))?.service).toBe('api');
    expect((await incidents.list({ openOnly: true })).find((incident) => incident.id === declared.id)?.service).toBe('api');
    expect((await incidents.update(declared.id, { status: 'identified', by: 'U00SRE' })).service).toBe('api');
    expect((await incidents.resolve(declared.id, { by: 'U00SRE' })).service).toBe('api');
    const unnamed = await incidents.declare({ title: 'Everything slow', severity: 'low', owner: 'U00SRE', declaredBy: 'U00SRE' });
    expect((await incidents.get(unnamed.id))?.service).toBeUndefined();
  });

  it('unknown or resolved incidents refuse changes readably', async () => {
    const { incidents } = subject.backends;
    await expect(incidents.update('INC-1999-0001', { note: 'x', by: 'U00SRE' })).rejects.toBeInstanceOf(ToolFailure);
    const declared = await incidents.declare({ title: 'Short one', severity: 'low', owner: 'U00SRE', declaredBy: 'U00SRE' });
    await incidents.resolve(declared.id, { by: 'U00SRE' });
    await expect(incidents.update(declared.id, { note: 'late', by: 'U00SRE' })).rejects.toBeInstanceOf(ToolFailure);
  });
});
