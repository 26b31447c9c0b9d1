import { expect, it } from 'vitest';
import type { RunbooksPort } from '../../../src/backends/ports/runbooks.js';

/** What the runbooks contract needs: the port and one runbook it holds, by name, alert and service. */
export interface RunbooksFixture {
  runbooks: RunbooksPort;
  known: { name: string; alert: string; service: string };
}

/** The RunbooksPort contract: found by name, alert or service, case-insensitively; null for nothing. */
export function runbooksContract(fixture: () => RunbooksFixture): void {
  it('finds a runbook by its name, by an alert it covers (any case) and by a service', async () => {
    const { runbooks, known } = fixture();
    const byName = await runbooks.find(known.name);
    expect(byName).toMatchObject({ name: known.name });
    expect(byName!.steps.length).toBeGreaterThan(0);
    expect(byName!.title.length).toBeGreaterThan(0);
    expect(byName!.appliesTo).toContain(known.alert);
    expect((await runbooks.find(known.alert.toLowerCase()))?.name).toBe(known.name);
    expect((await runbooks.find(known.service))?.appliesTo).toContain(known.service);
  });

  it('finds a runbook however its name or alert is written, and by the words of the trouble it covers', async () => {
    const { runbooks, known } = fixture();
    const title = (await runbooks.find(known.name))!.title;
    expect((await runbooks.find(known.name.replace(/-/g, ' ')))?.name).toBe(known.name);
    expect((await runbooks.find(known.alert.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()))?.name).toBe(known.name);
    expect((await runbooks.find(`when the ${title.toLowerCase()} keeps going up`))?.name).toBe(known.name);
  });

  it('answers null for an unknown subject or an empty query, and lists what it holds', async () => {
    const { runbooks, known } = fixture();
    expect(await runbooks.find('NoSuchAlertAnywhere')).toBeNull();
    expect(await runbooks.find('   ')).toBeNull();
    expect((await runbooks.list()).map((runbook) => runbook.name)).toContain(known.name);
  });
}
