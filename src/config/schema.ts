import { z } from 'zod';
import { configUrl } from './url-schema.js';
import { alertsBackendSchema, metricsBackendSchema, runbooksBackendSchema, serviceAlertsSchema, serviceMetricsSchema } from './monitoring-schema.js';
import { dashboardsBackendSchema } from './dashboards-schema.js';
import { userIdSchema } from './user-id.js';
import { serviceKubernetesSchema, workloadsBackendSchema } from './workloads-schema.js';

/** Shape of `opsbot.yaml`. Cross-field checks (known permissions, known roles) live in validate-config.ts. */

const userId = userIdSchema;
const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

export const personSchema = z.strictObject({
  name: z.string().min(1),
  email: z.string().email().optional(),
  phone: z.string().optional(),
  timezone: z.string().optional(),
  /** GitHub login, so cards about GitHub activity name the person in Slack. */
  github: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'must be a GitHub login').optional(),
  /** PagerDuty user id (PUSER01); without it the person is matched to a PagerDuty user by email. */
  pagerduty: z.string().regex(/^P[A-Z0-9]+$/, 'must be a PagerDuty user id like PABC123').optional(),
  /**
   * The person's user ids on other chat platforms: one opsbot identity (the key, a Slack user id) across all of
   * them, so roles, approvals (the second-person rule), audit and paging see one person wherever they click.
   */
  ids: z
    .strictObject({
      /** Microsoft Entra (AAD) object id, as Teams activities carry it in `from.aadObjectId`. */
      teams: z.string().min(1).optional(),
      /** Mattermost user id (26 characters). */
      mattermost: z.string().min(1).optional(),
      /** Discord user id (a snowflake). */
      discord: z.string().regex(/^\d{5,25}$/, 'must be a Discord user id (digits)').optional(),
    })
    .optional(),
});

export const serviceSchema = z.strictObject({
  name,
  team: name,
  description: z.string().default(''),
  components: z.array(name).min(1),
  repository: z.string().optional(),
  /** Other names people use for the service, in any language (`[login, 認証]`); the router reads them as the name. */
  aliases: z.array(z.string().trim().min(1).max(40)).default([]),
  /** Slack channel ids that belong to the service: there, a command may leave the service out. */
  channels: z.array(z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id like C012ABC')).default([]),
  /** How the metrics backend finds this service's series (selector, naming conventions, components, queries). */
  metrics: serviceMetricsSchema.optional(),
  /** Which alert labels say an alert is this service's. */
  alerts: serviceAlertsSchema.optional(),
  /** Its Deployment on Kubernetes (backends.workloads / deploys adapter kubernetes). */
  kubernetes: serviceKubernetesSchema.optional(),
  /** Catalog services it depends on: an incident's briefing lists their recent deploys too. */
  dependsOn: z.array(name).optional(),
});

/** The ports `backends` configures, one adapter each. */
export const BACKEND_PORTS = ['releases', 'metrics', 'alerts', 'runbooks', 'oncall', 'paging', 'incidents', 'deploys', 'workloads'] as const;
type BackendPort = (typeof BACKEND_PORTS)[number];

function pagerDutyId(kind: string) {
  return z.string().regex(/^P[A-Z0-9]+$/, `must be a PagerDuty ${kind} id like PABC123`);
}

export const teamSchema = z.strictObject({
  name,
  description: z.string().default(''),
  /** Weekly rotation (demo on-call): the primary is rotation[week % n], backup the next, shadow the one after. Not needed with `pagerduty`. */
  rotation: z.array(userId).min(1).optional(),
  /** Rotation start (ISO date); weeks are counted from it. */
  rotationStart: z.string().default('2026-01-05'),
  /** The team's PagerDuty escalation policy (level 1 = primary, level 2 = backup) and optional shadow schedule. */
  pagerduty: z
    .strictObject({ escalationPolicy: pagerDutyId('escalation policy'), shadowSchedule: pagerDutyId('schedule').optional() })
    .optional(),
});

const urgencySchema = z.strictObject({ urgency: z.enum(['high', 'low']), /** PagerDuty priority id (PPRIO01); optional. */ priority: pagerDutyId('priority').optional() });

/** opsbot incident severity → PagerDuty urgency (and priority, when the account uses priorities). */
export const pagerDutySeveritiesSchema = z
  .strictObject({ low: urgencySchema, medium: urgencySchema, high: urgencySchema, critical: urgencySchema })
  .default({ low: { urgency: 'low' }, medium: { urgency: 'low' }, high: { urgency: 'high' }, critical: { urgency: 'high' } });

export const approvalRuleSchema = z.strictObject({
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

export const policiesSchema = z.strictObject({
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

/** `env:NAME`: a secret read from the environment when the receiver starts, never written in the file. */
const envSecret = z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'must be env:NAME (secrets come only from the environment)');
const severityLevel = z.enum(['critical', 'warning', 'info']);

/** The webhook receiver (src/bot/webhooks): where it listens and how each source proves who it is. */
export const webhooksSchema = z.strictObject({
  /** Default 8081; 0 picks a free port (tests). */
  port: z.number().int().min(0).max(65_535).default(8081),
  host: z.string().min(1).default('127.0.0.1'),
  /** Alertmanager's `http_config.authorization` bearer token. */
  alertmanager: z.strictObject({ token: envSecret }).optional(),
  /** The secret GitHub signs deliveries with (`X-Hub-Signature-256`). */
  github: z.strictObject({ secret: envSecret }).optional(),
  /** The secret(s) PagerDuty signs v3 webhook deliveries with (`X-PagerDuty-Signature`). */
  pagerduty: z.strictObject({ secret: envSecret }).optional(),
});

/** Where event cards go: the first route whose every given field matches, else the default channel. */
export const notificationsSchema = z.strictObject({
  routes: z
    .array(
      z.strictObject({
        match: z.strictObject({ service: name.optional(), team: name.optional(), environment: name.optional(), severity: severityLevel.optional() }),
        channel: z.string().min(1),
      }),
    )
    .default([]),
  defaultChannel: z.string().min(1).optional(),
  /** Alert severities whose cards mention the owning team's on-call primary when they fire. */
  mentionOnCall: z.array(severityLevel).default(['critical']),
  /** How long a card or notice that chat did not accept (rate limit, outage, no front end yet) is retried. */
  retryHours: z.number().positive().max(24 * 14).default(24),
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

/**
 * Incident follow-ups (top-level `incidents`; which system keeps incident records is `backends.incidents`): where
 * status updates are announced, the reaction that makes a message a timeline note, where postmortem drafts go.
 */
export const incidentsSchema = z.strictObject({
  /** Conversation every `incident update` is also posted to (any id the conversation port accepts). */
  announceChannel: z.string().min(1).optional(),
  /** Reaction name (without colons) that adds a message in an incident's channel to its timeline. */
  noteEmoji: z.string().regex(/^[a-z0-9_+-]+$/, 'must be a reaction name like memo').default('memo'),
  /** Pull requests of postmortem drafts: `path` may use {date} (YYYY-MM-DD of the declaration) and {id}. */
  postmortems: z
    .strictObject({
      repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
      path: z.string().min(1).default('postmortems/{date}-{id}.md'),
    })
    .optional(),
});

/** Sections a scheduled report may hold, in the order they are shown. */
export const REPORT_SECTIONS = ['status', 'deploys', 'incidents', 'alerts', 'oncall', 'usage'] as const;

/** A report posted by itself on a cron schedule (five fields, in `timezone`), and runnable with `report run NAME`. */
export const reportSchema = z.strictObject({
  name,
  schedule: z.string().min(1),
  /** IANA time zone the schedule is read in; default UTC. */
  timezone: z.string().min(1).default('UTC'),
  channel: z.string().min(1),
  sections: z.array(z.enum(REPORT_SECTIONS)).min(1),
  /** Services the `status` section covers; the fleet when absent. */
  services: z.array(name).min(1).optional(),
});

/** A dashboard the `dashboard` tool renders as one image of small multiples, linking `url` (a Grafana dashboard, say). */
export const dashboardSchema = z.strictObject({
  name,
  title: z.string().min(1),
  url: configUrl.optional(),
  panels: z.array(dashboardPanelSchema).min(1),
});

export const configSchema = z.strictObject({
  environments: z.array(name).min(1),
  services: z.array(serviceSchema).min(1),
  teams: z.array(teamSchema).min(1),
  people: z.record(userId, personSchema).default({}),
  incidentCommander: z.strictObject({
    rotation: z.array(userId).min(1).optional(),
    rotationStart: z.string().default('2026-01-05'),
    /** The PagerDuty schedule whose on-call is the incident commander (the next two shifts: backup and shadow). */
    pagerduty: z.strictObject({ schedule: pagerDutyId('schedule') }).optional(),
  }),
  policies: policiesSchema,
  actions: z.strictObject({ expiryMinutes: z.number().int().positive().max(24 * 60).default(15) }).default({ expiryMinutes: 15 }),
  demo: z
    .strictObject({
      /** Versions whose deploy fails, so the failure path can be tried. */
      brokenVersions: z.array(z.string()).default([]),
      /** Seconds a simulated deploy takes. */
      deploySeconds: z.number().positive().default(6),
      /** Simulated outages of demo backends, e.g. `paging` or `oncall`. */
      outages: z.array(z.enum(['paging', 'oncall', 'metrics', 'deploys'])).default([]),
    })
    .default({ brokenVersions: [], deploySeconds: 6, outages: [] }),
  /**
   * Which adapter serves each port. With no backends at all every port is the demo; once one names a real adapter, a
   * port not named is `none` (DESIGN §8: demo data is never passed off as real), and the demo takes `adapter: demo`.
   */
  backends: z
    .strictObject({
      releases: z
        .discriminatedUnion('adapter', [
          z.strictObject({ adapter: z.literal('demo') }),
          z.strictObject({ adapter: z.literal('none') }),
          z.strictObject({
            adapter: z.literal('github'),
            /** `owner/name` */
            repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
            integrationBranch: z.string().default('main'),
            /** Only PRs with this label go into a release. */
            label: z.string().default('release'),
            /** GitHub Enterprise or a test server; the token comes from GITHUB_TOKEN, never from this file. */
            apiUrl: configUrl.optional(),
          }),
        ])
        .optional(),
      metrics: metricsBackendSchema,
      alerts: alertsBackendSchema,
      runbooks: runbooksBackendSchema,
      dashboards: dashboardsBackendSchema,
      oncall: z.discriminatedUnion('adapter', [z.strictObject({ adapter: z.literal('demo') }), z.strictObject({ adapter: z.literal('none') }), z.strictObject({ adapter: z.literal('pagerduty') })]).optional(),
      paging: z
        .discriminatedUnion('adapter', [
          z.strictObject({ adapter: z.literal('demo') }),
          z.strictObject({ adapter: z.literal('none') }),
          /** Pages open incidents on this PagerDuty service, assigned to exactly the people paged. */
          z.strictObject({ adapter: z.literal('pagerduty'), service: pagerDutyId('service') }),
        ])
        .optional(),
      incidents: z
        .discriminatedUnion('adapter', [
          z.strictObject({ adapter: z.literal('demo') }),
          z.strictObject({ adapter: z.literal('none') }),
          z.strictObject({ adapter: z.literal('pagerduty'), service: pagerDutyId('service'), severities: pagerDutySeveritiesSchema }),
        ])
        .optional(),
      deploys: z
        .discriminatedUnion('adapter', [
          z.strictObject({ adapter: z.literal('demo') }),
          z.strictObject({ adapter: z.literal('none') }),
          z.strictObject({
            adapter: z.literal('github'),
            /** GitHub Enterprise or a test server; the token comes from GITHUB_TOKEN. Each service names its `repository`. */
            apiUrl: configUrl.optional(),
            /** Also dispatch this workflow (inputs: environment, ref, deployment_id), e.g. `deploy.yml`. */
            workflow: z.string().min(1).optional(),
            /** A deploy with no new status for this long ends as outcome_unknown, never as success. */
            statusTimeoutMinutes: z.number().positive().max(24 * 60).default(30),
          }),
          /** Deploy = set the image tag of the service's Deployment, in the clusters backends.workloads names. */
          z.strictObject({ adapter: z.literal('kubernetes') }),
        ])
        .optional(),
      workloads: workloadsBackendSchema,
    })
    .default({ dashboards: { adapter: 'config' } })
    .transform(fillUnnamedPorts),
  /** PagerDuty REST API access, for the `pagerduty` adapters of oncall, paging and incidents. */
  pagerduty: z
    .strictObject({
      /** REST API key; only `env:NAME`, so it never sits in the file. */
      token: z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'must be env:NAME (the key comes only from the environment)'),
      /** Default `From` for writes; a person's own email (people.<id>.email) is used when known. */
      from: z.string().email(),
      /** EU service region, or a test server. */
      apiUrl: configUrl.default('https://api.pagerduty.com'),
      timeoutSeconds: z.number().positive().max(60).default(10),
    })
    .optional(),
  agent: z
    .strictObject({
      /** Who serves the model: Anthropic's API, Amazon Bedrock, Google Vertex AI, or a Chat Completions endpoint (vLLM, Ollama, LiteLLM). */
      provider: z.enum(['anthropic', 'bedrock', 'vertex', 'openai-compatible']).default('anthropic'),
      /** The provider's endpoint; required for openai-compatible (e.g. http://vllm:8000/v1), else the provider's own. */
      baseUrl: configUrl.optional(),
      /** anthropic: instead of ANTHROPIC_API_KEY; bedrock: a Bedrock API key instead of AWS signing; openai-compatible: optional bearer key. */
      apiKey: envSecret.optional(),
      /** bedrock: instead of AWS_REGION; vertex: instead of CLOUD_ML_REGION. */
      region: z.string().min(1).optional(),
      /** vertex: instead of ANTHROPIC_VERTEX_PROJECT_ID or the project of the Google credentials. */
      projectId: z.string().min(1).optional(),
      model: z.string().default('claude-sonnet-5-5'),
      maxRoundTrips: z.number().int().positive().default(8),
      timeoutSeconds: z.number().positive().default(60),
      dailyTokenBudget: z.number().int().positive().default(200_000),
      memoryTurns: z.number().int().positive().default(20),
      /** Changes one message may propose; a model's further mutating calls in that message are refused. */
      maxProposalsPerTurn: z.number().int().positive().default(3),
    })
    .refine((agent) => agent.provider !== 'openai-compatible' || agent.baseUrl, { message: 'openai-compatible needs baseUrl (the endpoint ending in /v1)', path: ['baseUrl'] })
    .refine((agent) => agent.provider !== 'vertex' || !agent.apiKey, { message: 'vertex authenticates with Google credentials, not apiKey', path: ['apiKey'] })
    .default({ provider: 'anthropic', model: 'claude-sonnet-5-5', maxRoundTrips: 8, timeoutSeconds: 60, dailyTokenBudget: 200_000, memoryTurns: 20, maxProposalsPerTurn: 3 }),
  slack: z
    .strictObject({
      approvalsChannel: z.string().optional(),
      incidentChannelPrefix: z.string().default('inc'),
      /** HTTP mode: the address to listen on (`HOST` overrides); loopback by default, like the webhook receiver and MCP. */
      host: z.string().min(1).default('127.0.0.1'),
    })
    .default({ incidentChannelPrefix: 'inc', host: '127.0.0.1' }),
  /** Chat platforms beside Slack (DESIGN §7): each configured one starts with `opsbot` on its own port. */
  chat: z
    .strictObject({
      teams: z
        .strictObject({
          appId: envSecret,
          appPassword: envSecret,
          tenantId: envSecret,
          port: z.number().int().min(0).max(65_535).default(3978),
          host: z.string().min(1).default('127.0.0.1'),
          /** Where the Bot Framework's signing keys are published; tests and proxies point it elsewhere. */
          openIdMetadataUrl: configUrl.default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
          /** Bot Connector URL for posts before Teams sent an activity from the conversation; proxies and tests point it elsewhere. */
          serviceUrl: configUrl.default('https://smba.trafficmanager.net/teams/'),
          /** OAuth token endpoint for the app's token (default: Entra's for tenantId); for proxies and tests. */
          tokenUrl: configUrl.optional(),
          /** The team channel incident war rooms start in, as new posts (Teams bots can create neither channels nor group chats). */
          incidentChannel: z.string().regex(/^19:\S+@thread\.(tacv2|skype)$/, 'must be a Teams channel id like 19:abc@thread.tacv2').optional(),
        })
        .optional(),
      mattermost: z
        .strictObject({
          url: configUrl,
          token: envSecret,
          commandToken: envSecret,
          actionSecret: envSecret,
          port: z.number().int().min(0).max(65_535).default(3979),
          host: z.string().min(1).default('127.0.0.1'),
          /** The address Mattermost calls back on for buttons (`…/mattermost/action`); defaults to http://host:port. */
          publicUrl: configUrl.optional(),
        })
        .optional(),
      discord: z
        .strictObject({
          applicationId: z.string().regex(/^\d{5,25}$/, 'must be a Discord application id (digits)'),
          publicKey: envSecret,
          botToken: envSecret,
          port: z.number().int().min(0).max(65_535).default(3980),
          host: z.string().min(1).default('127.0.0.1'),
          apiUrl: configUrl.default('https://discord.com/api/v10'),
        })
        .optional(),
    })
    .default({}),
  mcp: z
    .strictObject({
      /** Identity for stdio sessions (overridden by OPSBOT_USER). */
      user: userId.optional(),
      /** Bearer tokens for Streamable HTTP; each maps to one user id. Only `env:NAME`, as every other secret: a literal in the file is refused. */
      tokens: z.array(z.strictObject({ token: z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'must be env:NAME (a literal token is refused: secrets come only from the environment)'), user: userId })).default([]),
      allowedHosts: z.array(z.string()).default(['127.0.0.1', 'localhost']),
    })
    .default({ tokens: [], allowedHosts: ['127.0.0.1', 'localhost'] }),
  /** Events in (DESIGN §10): the receiver runs only when this is set. */
  webhooks: webhooksSchema.optional(),
  notifications: notificationsSchema.default({ routes: [], mentionOnCall: ['critical'], retryHours: 24 }),
  /** Dashboards by name (`dashboard cpu-usage`). */
  dashboards: z.array(dashboardSchema).default([]),
  incidents: incidentsSchema.default({ noteEmoji: 'memo' }),
  reports: z.array(reportSchema).default([]),
  /** `service_metrics` calls a figure unusual at this multiple of its usual for the time (or, for traffic, below 1/threshold of it). */
  baselines: z.strictObject({ threshold: z.number().gt(1).default(1.5) }).default({ threshold: 1.5 }),
  /** Where every long-lived mode serves /metrics, /healthz and /readyz (src/observability). Loopback unless told. */
  observability: z
    .strictObject({ port: z.number().int().min(0).max(65_535).default(9464), host: z.string().min(1).default('127.0.0.1') })
    .default({ port: 9464, host: '127.0.0.1' }),
  /** On SIGTERM/SIGINT, how long in-flight work may take to finish before the process exits anyway. */
  shutdownSeconds: z.number().positive().max(3600).default(20),
});

type BackendsInput = { [Port in BackendPort]?: { adapter: string } | undefined } & { dashboards?: { adapter: string } };
type NamedPort<T> = Exclude<T, undefined>;

/**
 * Whether an adapter reads a real system. `config` (dashboards written in opsbot.yaml) is the team's own data, so
 * it neither counts as real nor as the demo.
 */
export function isRealAdapter(adapter: string): boolean {
  return adapter !== 'demo' && adapter !== 'none' && adapter !== 'config';
}

/** Every port gets an adapter: the demo when nothing real is configured, otherwise `none` for what is not named. */
function fillUnnamedPorts<T extends BackendsInput>(backends: T): { [Port in keyof T]-?: NamedPort<T[Port]> } {
  const real = Object.values(backends).some((port) => port && isRealAdapter(port.adapter));
  // Ports outside BACKEND_PORTS (dashboards) carry their own schema default and pass through as written.
  const filled: Record<string, { adapter: string }> = { ...(backends as Record<string, { adapter: string }>) };
  for (const port of BACKEND_PORTS) filled[port] = backends[port] ?? { adapter: real ? 'none' : 'demo' };
  return filled as { [Port in keyof T]-?: NamedPort<T[Port]> };
}

/** Validated configuration as the rest of opsbot sees it. */
export type Config = z.output<typeof configSchema>;
/** Configuration as written in a file (defaults optional). */
export type ConfigInput = z.input<typeof configSchema>;
export type Service = Config['services'][number];
export type Team = Config['teams'][number];
export type ApprovalRuleConfig = Config['policies']['approvals'][number];
export type Dashboard = Config['dashboards'][number];
export type ReportConfig = Config['reports'][number];
export type ReportSection = (typeof REPORT_SECTIONS)[number];
