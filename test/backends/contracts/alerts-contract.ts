import { expect, it } from 'vitest';
import type { AlertsPort } from '../../../src/backends/ports/alerts.js';

/** What the alerts contract needs: the port and one alert known to be firing now. */
export interface AlertsFixture {
  alerts: AlertsPort;
  firing: { name: string; service: string; environment: string };
}

/** The AlertsPort contract: listing, known names, and a silence's whole life (create, in force, expire). */
export function alertsContract(fixture: () => AlertsFixture): void {
  it('lists the firing alert with its name, service, environment and severity; a filter narrows the list', async () => {
    const { alerts, firing } = fixture();
    const listed = await alerts.list({ service: firing.service, environment: firing.environment });
    const found = listed.find((alert) => alert.name === firing.name);
    expect(found).toMatchObject({ service: firing.service, environment: firing.environment, state: 'firing', silencedUntil: null });
    expect(['critical', 'warning', 'info']).toContain(found!.severity);
    expect(listed.every((alert) => alert.service === firing.service && alert.environment === firing.environment)).toBe(true);
  });

  it('knows alert names case-insensitively, and says null for a name it has never seen', async () => {
    const { alerts, firing } = fixture();
    expect(await alerts.knownAlert(firing.name.toLowerCase())).toBe(firing.name);
    expect(await alerts.knownAlert('NoSuchAlertAnywhere')).toBeNull();
  });

  it('a silence hides the alert until expired, and shows as silenced only when asked', async () => {
    const { alerts, firing } = fixture();
    const silence = await alerts.silence({ alertName: firing.name, service: firing.service, durationMinutes: 30, comment: 'contract test', createdBy: 'Sam Reliability (U00SRE)' });
    expect(silence).toMatchObject({ alertName: firing.name, service: firing.service, createdBy: 'Sam Reliability (U00SRE)', comment: 'contract test' });
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(30 * 60_000);

    const visible = await alerts.list({ service: firing.service, environment: firing.environment });
    expect(visible.some((alert) => alert.name === firing.name)).toBe(false);
    const all = await alerts.list({ service: firing.service, environment: firing.environment, includeSilenced: true });
    const silenced = all.find((alert) => alert.name === firing.name);
    expect(silenced).toMatchObject({ state: 'silenced' });
    expect(Date.parse(silenced!.silencedUntil!)).toBe(Date.parse(silence.endsAt));
    expect((await alerts.activeSilences({ alertName: firing.name, service: firing.service })).map((entry) => entry.id)).toEqual([silence.id]);

    const expired = await alerts.unsilence([silence.id]);
    expect(expired.map((entry) => entry.id)).toEqual([silence.id]);
    expect(await alerts.activeSilences({ alertName: firing.name })).toEqual([]);
    expect((await alerts.list({ service: firing.service, environment: firing.environment })).some((alert) => alert.name === firing.name)).toBe(true);
    // Expiring again changes nothing.
    expect(await alerts.unsilence([silence.id])).toEqual([]);
  });

  it('counts the firing alerts exact labels cover, and a silence of those labels covers exactly them', async () => {
    const { alerts, firing } = fixture();
    const labels = { alertname: firing.name, service: firing.service, environment: firing.environment };
    expect(await alerts.countFiring(labels)).toBe(1);
    expect(await alerts.countFiring({ ...labels, environment: 'no-such-environment' })).toBe(0);
    expect(await alerts.countFiring({ ...labels, no_such_label: 'x' })).toBe(0);
    const silence = await alerts.silence({ alertName: firing.name, labels, durationMinutes: 30, comment: 'contract test', createdBy: 'U00SRE' });
    expect(silence.labels).toEqual(labels);
    expect(await alerts.countFiring(labels)).toBe(0);
    expect((await alerts.list({ service: firing.service, environment: firing.environment, includeSilenced: true })).find((alert) => alert.name === firing.name)).toMatchObject({ state: 'silenced' });
    await alerts.unsilence([silence.id]);
    expect(await alerts.countFiring(labels)).toBe(1);
  });

  it('refuses a silence without a reason or beyond a week', async () => {
    const { alerts, firing } = fixture();
    await expect(alerts.silence({ alertName: firing.name, durationMinutes: 30, comment: '  ', createdBy: 'U00SRE' })).rejects.toThrow(/comment/);
    await expect(alerts.silence({ alertName: firing.name, durationMinutes: 7 * 24 * 60 + 1, comment: 'x', createdBy: 'U00SRE' })).rejects.toThrow(/between 1 and/);
  });
}
