import { z } from 'zod';

/** Shape of `opsbot.yaml`. Cross-field checks (known permissions, known roles) live in validate-config.ts. */

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id like U012ABC');
const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

export const personSchema = z.object({
  name: z.string().min(1),
  email: z.string().email().optional(),
  phone: z.string().optional(),
  timezone: z.string().optional(),
});

export const serviceSchema = z.object({
  name,
  team: name,
  description: z.string().default(''),
  components: z.array(name).min(1),
  repository: z.string().optional(),
});

export const teamSchema = z.object({
  name,
  description: z.string().default(''),
  /** Weekly rotation: the primary is rotation[week % n], backup the next, shadow the one after. */
  rotation: z.array(userId).min(1),
  /** Rotation start (ISO date); weeks are counted from it. */
  rotationStart: z.string().default('2026-01-05'),
});

export const approvalRuleSchema = z.object({
  name: name,
  /** Permission patterns (`deploy:production`, `*:production`) this rule governs. */
  when: z.array(z.string()).min(1),
  /** Roles an approver must hold (any of); empty means anyone who holds the permission itself. */
  approvers: z.array(name).default([]),
  requesterMayApprove: z.boolean().default(false),
  /**
   * Front ends an approval under this rule may come from. The CLI and shell take `--as` on trust, so a deployment
   * that needs a verified second person lists only authenticated ones here (e.g. [slack]). Empty: any.
   */
  approveFrom: z.array(z.enum(['slack', 'mcp', 'cli', 'shell'])).default([]),
});

export const policiesSchema = z.object({
  /** Role name → permissions it grants (`read:*`, `deploy:staging`, `page:*`). */
  roles: z.record(name, z.array(z.string())),
  /** Slack user id → roles. */
  users: z.record(z.string(), z.array(name)).default({}),
  /** Slack user group id (S…) → roles, resolved through the Web API. */
  groups: z.record(z.string(), z.array(name)).default({}),
  /** Ordered: the first rule whose pattern matches a mutation decides who approves it. */
  approvals: z.array(approvalRuleSchema).default([]),
  /** When no approval rule matches: may the requester confirm their own mutation? */
  defaultRequesterMayApprove: z.boolean().default(true),
});

/** One panel of a dashboard: a metric of the demo/Prometheus port, or a raw query (PromQL) for adapters that run them. */
export const dashboardPanelSchema = z
  .strictObject({
    title: z.string().min(1),
    metric: z.enum(['requests', 'cpu', 'latency_p95', 'error_rate']).optional(),
    query: z.string().min(1).optional(),
    /** Services drawn as one line each; all configured services when absent. */
    services: z.array(name).min(1).optional(),
    environment: name.optional(),
  })
  .refine((panel) => (panel.metric === undefined) !== (panel.query === undefined), { message: 'a panel has either metric or query, not both', path: ['metric'] });

/** A dashboard the `dashboard` tool renders as one image of small multiples, linking `url` (a Grafana dashboard, say). */
export const dashboardSchema = z.strictObject({
  name,
  title: z.string().min(1),
  url: z.string().url().optional(),
  panels: z.array(dashboardPanelSchema).min(1),
});

export const configSchema = z.object({
  environments: z.array(name).min(1),
  services: z.array(serviceSchema).min(1),
  teams: z.array(teamSchema).min(1),
  people: z.record(userId, personSchema).default({}),
  incidentCommander: z.object({ rotation: z.array(userId).min(1), rotationStart: z.string().default('2026-01-05') }),
  policies: policiesSchema,
  actions: z.object({ expiryMinutes: z.number().int().positive().max(24 * 60).default(15) }).default({ expiryMinutes: 15 }),
  demo: z
    .object({
      /** Versions whose deploy fails, so the failure path can be tried. */
      brokenVersions: z.array(z.string()).default([]),
      /** Seconds a simulated deploy takes. */
      deploySeconds: z.number().positive().default(6),
      /** Simulated outages of demo backends, e.g. `paging` or `oncall`. */
      outages: z.array(z.enum(['paging', 'oncall', 'metrics', 'deploys'])).default([]),
    })
    .default({ brokenVersions: [], deploySeconds: 6, outages: [] }),
  /** Which adapter serves each port; anything not named uses the demo adapter. */
  backends: z
    .object({
      releases: z
        .discriminatedUnion('adapter', [
          z.object({ adapter: z.literal('demo') }),
          z.object({
            adapter: z.literal('github'),
            /** `owner/name` */
            repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
            integrationBranch: z.string().default('main'),
            /** Only PRs with this label go into a release. */
            label: z.string().default('release'),
            /** GitHub Enterprise or a test server; the token comes from GITHUB_TOKEN, never from this file. */
            apiUrl: z.string().url().optional(),
          }),
        ])
        .default({ adapter: 'demo' }),
    })
    .default({ releases: { adapter: 'demo' } }),
  agent: z
    .object({
      model: z.string().default('claude-sonnet-5-5'),
      maxRoundTrips: z.number().int().positive().default(8),
      timeoutSeconds: z.number().positive().default(60),
      dailyTokenBudget: z.number().int().positive().default(200_000),
      memoryTurns: z.number().int().positive().default(20),
    })
    .default({ model: 'claude-sonnet-5-5', maxRoundTrips: 8, timeoutSeconds: 60, dailyTokenBudget: 200_000, memoryTurns: 20 }),
  slack: z
    .object({ approvalsChannel: z.string().optional(), incidentChannelPrefix: z.string().default('inc') })
    .default({ incidentChannelPrefix: 'inc' }),
  mcp: z
    .object({
      /** Identity for stdio sessions (overridden by OPSBOT_USER). */
      user: userId.optional(),
      /** Bearer tokens for Streamable HTTP; each maps to one user id. Prefer `env:NAME` to keep tokens out of the file. */
      tokens: z.array(z.object({ token: z.string().min(1).refine((token) => token.startsWith('env:') || token.length >= 24, 'must be at least 24 characters (or env:NAME)'), user: userId })).default([]),
      allowedHosts: z.array(z.string()).default(['127.0.0.1', 'localhost']),
    })
    .default({ tokens: [], allowedHosts: ['127.0.0.1', 'localhost'] }),
  /** Dashboards by name (`dashboard cpu-usage`). */
  dashboards: z.array(dashboardSchema).default([]),
  /** `service_metrics` calls a figure unusual at this multiple of its usual for the time (or, for traffic, below 1/threshold of it). */
  baselines: z.strictObject({ threshold: z.number().gt(1).default(1.5) }).default({ threshold: 1.5 }),
});

/** Validated configuration as the rest of opsbot sees it. */
export type Config = z.output<typeof configSchema>;
/** Configuration as written in a file (defaults optional). */
export type ConfigInput = z.input<typeof configSchema>;
export type Service = Config['services'][number];
export type Team = Config['teams'][number];
export type ApprovalRuleConfig = Config['policies']['approvals'][number];
export type Dashboard = Config['dashboards'][number];
