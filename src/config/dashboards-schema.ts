import { z } from 'zod';

/**
 * `backends.dashboards`: the dashboards written in this config (`dashboards:`, the default), or a Grafana whose
 * dashboards are found by title or uid and rendered by its image renderer.
 */
export const dashboardsBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('config') }),
    z.strictObject({
      adapter: z.literal('grafana'),
      /** Grafana's base URL, e.g. https://grafana.example.com (a sub-path deployment includes it). */
      url: z.string().url(),
      /** A service account token, only ever from the environment (`env:GRAFANA_TOKEN`). */
      token: z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'must be env:NAME (secrets come only from the environment)'),
    }),
  ])
  .default({ adapter: 'config' });

/** Validated `backends.dashboards` for Grafana. */
export type GrafanaConfig = Extract<z.output<typeof dashboardsBackendSchema>, { adapter: 'grafana' }>;
