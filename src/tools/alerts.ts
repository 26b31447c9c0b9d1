import { z } from 'zod';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

/** `alerts_list`: firing (and optionally silenced) alerts. */
export function alertsListTool(catalog: Catalog) {
  return defineTool({
    name: 'alerts_list',
    group: 'alerts',
    commands: [
      { command: 'alerts', usage: 'alerts [SERVICE] [ENVIRONMENT] [all]', summary: 'alerts firing now (all: include silenced)', roles: { service: 'service', environment: 'environment' } },
    ],
    title: 'List alerts',
    description: 'Alerts firing now, optionally for a service or environment (include_silenced: silenced too).',
    input: z.object({
      service: catalog.service.optional(),
      environment: catalog.environment.optional(),
      include_silenced: z.boolean().default(false),
    }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['alerts'], scopeOf: () => 'alerts' },
    describe: () => 'list alerts',
    async run(args, { backends }) {
      const alerts = await backends.alerts.list({ service: args.service, environment: args.environment, includeSilenced: args.include_silenced });
      const where = [args.service, args.environment].filter(Boolean).join(' ');
      if (alerts.length === 0) return { text: `No alerts firing${where ? ` for ${where}` : ''}.`, data: { alerts } };
      const line = (alert: (typeof alerts)[number]) => `  [${alert.severity}] ${alert.name} ${alert.service || 'other'} (${alert.environment}) ${alert.state}${alert.silencedUntil ? ` until ${alert.silencedUntil}` : ''} since ${alert.startsAt} — ${alert.summary}${alert.runbookUrl ? ` (runbook ${alert.runbookUrl})` : ''}`;
      // An alert no service claims is still news: listed last under "other", never dropped.
      const other = alerts.filter((alert) => !alert.service);
      const lines = [...alerts.filter((alert) => alert.service).map(line), ...(other.length ? ['  other (no service claims these):', ...other.map((alert) => `  ${line(alert)}`)] : [])];
      return { text: [`${alerts.length} alert(s)${where ? ` for ${where}` : ''}:`, ...lines].join('\n'), data: { alerts } };
    },
  });
}

/** Exact label matchers of a silence from an alert card: Prometheus label names, bounded in number and size. */
const silenceLabels = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/), z.string().max(200)).refine((labels) => Object.keys(labels).length <= 20, 'at most 20 labels');

const LEADING_LABELS = ['alertname', 'service', 'environment'];

/** `alertname=HighErrorRate, service=api, environment=staging, job=api`: the matchers in a stable order. */
export function matcherText(labels: Record<string, string>): string {
  const rank = (name: string) => (LEADING_LABELS.includes(name) ? LEADING_LABELS.indexOf(name) : LEADING_LABELS.length);
  const ordered = Object.entries(labels).sort(([left], [right]) => rank(left) - rank(right) || left.localeCompare(right));
  return ordered.map(([name, value]) => `${name}=${value}`).join(', ');
}

/** `alert_silence`: silence an alert for a while (mutation with an expiry). */
export function alertSilenceTool(catalog: Catalog) {
  return defineTool({
    name: 'alert_silence',
    group: 'alerts',
    commands: [
      { command: 'alerts', usage: 'alerts silence ALERT [SERVICE] DURATION REASON', summary: 'silence an alert ("silence HighErrorRate frontend 30m flapping")', words: ['silence'], roles: { alert: 'alert', service: 'service', duration_minutes: 'duration', comment: 'text' } },
    ],
    title: 'Silence an alert',
    description: 'Silence an alert for duration_minutes, optionally for one service/environment.',
    input: z.object({
      alert: z.string().min(1).max(100),
      service: catalog.service.optional(),
      environment: catalog.environment.optional(),
      duration_minutes: z.number().int().min(5).max(7 * 24 * 60).default(60),
      comment: z.string().min(1).max(300),
      // Set by an alert card's Silence button from the stored alert; not offered to models (tool-schemas.ts).
      labels: silenceLabels.optional().meta({ cardsOnly: true }),
    }),
    effect: 'mutate',
    openWorld: true,
    destructive: false,
    idempotent: true,
    permission: { verb: 'alert', scopes: ['silence'], scopeOf: () => 'silence' },
    describe: (args) => `silence ${args.alert}${args.service ? ` for ${args.service}` : ''}${args.environment ? ` in ${args.environment}` : ''}${args.labels ? ` where ${matcherText(args.labels)}` : ''} for ${args.duration_minutes} min ("${args.comment}")`,
    // A typo'd alert name is refused here, before anyone is asked to confirm a silence that would match nothing.
    // The card lists every matcher and how many firing alerts they cover now, so nobody silences more than they see.
    async preview(args, { backends }) {
      const name = await backends.alerts.knownAlert(args.alert);
      if (!name) throw new ToolFailure(`Unknown alert "${args.alert}": nothing by that name is known to the alerting system ("alerts all" lists them).`);
      const matchers = { ...(args.service ? { service: args.service } : {}), ...(args.environment ? { environment: args.environment } : {}), ...args.labels, alertname: name };
      const covers = await backends.alerts.countFiring(matchers);
      // The matchers name the alert; a separate `alert` fact would show it twice on the card.
      return { matchers: matcherText(matchers), covers: `${covers} firing alert${covers === 1 ? '' : 's'} now` };
    },
    async run(args, { backends, actor, config, actionId }) {
      const person = config.people[actor];
      const silence = await backends.alerts.silence({
        alertName: args.alert,
        service: args.service,
        environment: args.environment,
        labels: args.labels,
        durationMinutes: args.duration_minutes,
        // Whoever reads the silence in Alertmanager sees the person and can find the approved action behind it.
        comment: actionId ? `${args.comment} (opsbot action ${actionId})` : args.comment,
        createdBy: person ? `${person.name} (${actor})` : actor,
      });
      const scope = silence.labels ? ` where ${matcherText(silence.labels)}` : silence.service ? ` for ${silence.service}` : '';
      return { text: `Silenced ${silence.alertName}${scope} until ${silence.endsAt} (${silence.id}).`, data: { silence } };
    },
  });
}

/** `runbook`: the runbook for an alert or a service. */
export function runbookTool() {
  return defineTool({
    name: 'runbook',
    group: 'alerts',
    commands: [{ command: 'runbook', usage: 'runbook ALERT|SERVICE', summary: 'runbook steps for an alert or a service', roles: { query: 'text' } }],
    title: 'Find a runbook',
    description: 'Runbook steps for an alert (HighErrorRate) or a service.',
    input: z.object({ query: z.string().min(1).max(100) }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['runbooks'], scopeOf: () => 'runbooks' },
    describe: (args) => `find the runbook for ${args.query}`,
    async run(args, { backends }) {
      const runbook = await backends.runbooks.find(args.query);
      if (!runbook) {
        // An alert may carry its own runbook_url even where no runbook file covers it.
        const wanted = args.query.trim().toLowerCase();
        const linked = (await backends.alerts.list({ includeSilenced: true }).catch(() => [])).find((alert) => alert.name.toLowerCase() === wanted && alert.runbookUrl);
        if (linked) return { text: `Runbook for ${linked.name}: ${linked.runbookUrl} (from the alert's runbook_url)`, data: { runbook: null, runbookUrl: linked.runbookUrl } };
        const known = (await backends.runbooks.list()).map((entry) => entry.name);
        throw new ToolFailure(`No runbook for "${args.query}". Known runbooks: ${known.join(', ')}.`);
      }
      const text = [`Runbook: ${runbook.title}${runbook.url ? ` (${runbook.url})` : ''}`, ...runbook.steps.map((step, index) => `  ${index + 1}. ${step}`)].join('\n');
      return { text, data: { runbook } };
    },
  });
}
