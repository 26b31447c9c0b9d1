import { z } from 'zod';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

/** `alerts_list`: firing (and optionally silenced) alerts. */
export function alertsListTool(catalog: Catalog) {
  return defineTool({
    name: 'alerts_list',
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
      const lines = alerts.map((alert) => `  [${alert.severity}] ${alert.name} ${alert.service} (${alert.environment}) ${alert.state}${alert.silencedUntil ? ` until ${alert.silencedUntil}` : ''} since ${alert.startsAt} — ${alert.summary}${alert.runbookUrl ? ` (runbook ${alert.runbookUrl})` : ''}`);
      return { text: [`${alerts.length} alert(s)${where ? ` for ${where}` : ''}:`, ...lines].join('\n'), data: { alerts } };
    },
  });
}

/** `alert_silence`: silence an alert for a while (mutation with an expiry). */
export function alertSilenceTool(catalog: Catalog) {
  return defineTool({
    name: 'alert_silence',
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
    }),
    effect: 'mutate',
    openWorld: true,
    destructive: false,
    idempotent: true,
    permission: { verb: 'alert', scopes: ['silence'], scopeOf: () => 'silence' },
    describe: (args) => `silence ${args.alert}${args.service ? ` for ${args.service}` : ''}${args.environment ? ` in ${args.environment}` : ''} for ${args.duration_minutes} min ("${args.comment}")`,
    // A typo'd alert name is refused here, before anyone is asked to confirm a silence that would match nothing.
    async preview(args, { backends }) {
      const name = await backends.alerts.knownAlert(args.alert);
      if (!name) throw new ToolFailure(`Unknown alert "${args.alert}": nothing by that name is known to the alerting system ("alerts all" lists them).`);
      const matchers = [`alertname=${name}`, ...(args.service ? [`service=${args.service}`] : []), ...(args.environment ? [`environment=${args.environment}`] : [])];
      // The matchers name the alert; a separate `alert` fact would show it twice on the card.
      return { matchers: matchers.join(', ') };
    },
    async run(args, { backends, actor, config, actionId }) {
      const person = config.people[actor];
      const silence = await backends.alerts.silence({
        alertName: args.alert,
        service: args.service,
        environment: args.environment,
        durationMinutes: args.duration_minutes,
        // Whoever reads the silence in Alertmanager sees the person and can find the approved action behind it.
        comment: actionId ? `${args.comment} (opsbot action ${actionId})` : args.comment,
        createdBy: person ? `${person.name} (${actor})` : actor,
      });
      return { text: `Silenced ${silence.alertName}${silence.service ? ` for ${silence.service}` : ''} until ${silence.endsAt} (${silence.id}).`, data: { silence } };
    },
  });
}

/** `runbook`: the runbook for an alert or a service. */
export function runbookTool() {
  return defineTool({
    name: 'runbook',
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
