import { describe, expect, it } from 'vitest';
import { ALERT_RULES } from '../../../src/backends/demo/alert-rules.js';
import { DemoRunbooks } from '../../../src/backends/demo/demo-runbooks.js';
import { demoConfigWith } from './demo-fixture.js';

describe('demo runbooks', () => {
  const runbooks = new DemoRunbooks();

  it('has a runbook for every alert rule', async () => {
    for (const rule of ALERT_RULES) expect((await runbooks.find(rule.name))?.appliesTo).toContain(rule.name);
  });

  it('finds by alert or service name, case-insensitively', async () => {
    expect((await runbooks.find('higherrorrate'))!.name).toBe('high-error-rate');
    expect((await runbooks.find('  PAYMENTS '))!.appliesTo).toContain('payments');
    expect((await runbooks.find('ledger'))!.name).toBe('payments-ledger-mismatch');
    expect(await runbooks.find('mainframe')).toBeNull();
  });

  it('covers every demo service with at least two runbooks', async () => {
    const all = await runbooks.list();
    for (const service of demoConfigWith().services) expect(all.filter((runbook) => runbook.appliesTo.includes(service.name)).length).toBeGreaterThanOrEqual(2);
  });
});
