import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/backends/ports/oncall.js';
import { ToolFailure } from '../../../src/errors.js';
import { ADAPTERS, type AdapterUnderTest } from './adapters.js';

const dana: Person = { id: 'U00DEV', name: 'Dana Developer', email: 'dana@example.com', phone: null, timezone: null };
const wes: Person = { id: 'U00WEB1', name: 'Wes Web', email: 'wes@example.com', phone: null, timezone: null };

/** What every PagingPort promises. */
describe.each(ADAPTERS)('PagingPort contract: $name', (adapter) => {
  let subject: AdapterUnderTest;
  beforeAll(async () => {
    subject = await adapter.open();
  });
  afterAll(() => subject.close());

  it('a page reaches each recipient once and is recorded as sent', async () => {
    const record = await subject.backends.paging.page({ target: 'team web on-call', recipients: [dana, wes, dana], message: 'checkout failing', requestedBy: 'U00DEV' });
    expect(record).toMatchObject({ status: 'sent', requestedBy: 'U00DEV', message: 'checkout failing' });
    expect(record.recipients.map((person) => person.id)).toEqual(['U00DEV', 'U00WEB1']);
    expect(record.id).toMatch(/\w/);
    // A provider that keeps a state of the page says it (PagerDuty: a new incident is triggered); the demo keeps none.
    expect(record.providerState).toBe(adapter.name.toLowerCase().includes('pagerduty') ? 'triggered' : undefined);
  });

  it('nobody to page, or no message, is a readable refusal', async () => {
    await expect(subject.backends.paging.page({ target: 'nobody', recipients: [], message: 'x', requestedBy: 'U00DEV' })).rejects.toBeInstanceOf(ToolFailure);
    await expect(subject.backends.paging.page({ target: 'dana', recipients: [dana], message: '  ', requestedBy: 'U00DEV' })).rejects.toBeInstanceOf(ToolFailure);
  });

  it('history lists pages sent, newest first', async () => {
    await subject.backends.paging.page({ target: 'dana', recipients: [dana], message: 'second page', requestedBy: 'U00LEAD' });
    const history = await subject.backends.paging.history(10);
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.length).toBeLessThanOrEqual(10);
  });
});
