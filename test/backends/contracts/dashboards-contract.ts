import { expect, it } from 'vitest';
import type { DashboardsPort, DashboardView } from '../../../src/backends/ports/dashboards.js';
import { decodePng } from '../../charts/png-checks.js';

/** What the dashboards contract needs: the port, and one dashboard it holds with its panel titles. */
export interface DashboardsFixture {
  dashboards: DashboardsPort;
  known: { uid: string; title: string; panels: string[] };
}

const VIEW = { from: new Date('2026-11-21T13:00:00Z'), to: new Date('2026-11-21T14:00:00Z'), variables: {}, width: 640, height: 320 } satisfies DashboardView;

/** The DashboardsPort contract (DESIGN §8): the config-defined dashboards and Grafana both pass these. Call inside a describe. */
export function dashboardsContract(fixture: () => DashboardsFixture): void {
  it('lists the dashboards, the known one among them', async () => {
    const { dashboards, known } = fixture();
    const listed = await dashboards.list();
    expect(listed.length).toBeGreaterThan(0);
    for (const entry of listed) expect(entry.uid && entry.title).toBeTruthy();
    expect(listed).toContainEqual(expect.objectContaining({ uid: known.uid, title: known.title }));
  });

  it('finds a dashboard by uid and by title in any case, with its panels in order', async () => {
    const { dashboards, known } = fixture();
    for (const name of [known.uid, known.title, known.title.toUpperCase()]) {
      const found = await dashboards.find(name);
      expect(found?.uid).toBe(known.uid);
      expect(found?.panels.map((panel) => panel.title)).toEqual(known.panels);
    }
  });

  it('answers a name it does not hold with null, not an error', async () => {
    expect(await fixture().dashboards.find('no-such-dashboard-anywhere')).toBeNull();
  });

  it('links a dashboard at its own page, or gives no link when it has none', async () => {
    const { dashboards, known } = fixture();
    const found = (await dashboards.find(known.uid))!;
    const link = dashboards.link(found, VIEW);
    if (found.url === null) expect(link).toBeNull();
    else expect(link!.startsWith(found.url)).toBe(true);
  });

  it('renders a PNG of the size asked for, or says why it cannot', async () => {
    const { dashboards, known } = fixture();
    if (!dashboards.render) return;
    const rendered = await dashboards.render((await dashboards.find(known.uid))!, VIEW);
    if ('png' in rendered) expect([decodePng(rendered.png).width, decodePng(rendered.png).height]).toEqual([640, 320]);
    else expect(rendered.unavailable).toMatch(/\w/);
  });
}
