import { z } from 'zod';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';
import type { ServiceStatus } from '../backends/ports/metrics.js';
import { explainLines } from './metrics.js';
import { isMixedDemo } from './tool-ports.js';

/** `service_status`: overall health, components and recent deploys of one service, or every service. */
export function serviceStatusTool(catalog: Catalog) {
  return defineTool({
    name: 'service_status',
    group: 'status',
    commands: [
      { command: 'status', usage: 'status [SERVICE] [ENVIRONMENT]', summary: 'overall status: NORMAL, or what is not and what could not be determined; with a service, its components and recent deploys', roles: { service: 'service', environment: 'environment' } },
      { command: 'check', usage: 'check SERVICE [ENVIRONMENT]', summary: `one service's components and recent deploys ("check the auth service")`, roles: { service: 'service', environment: 'environment' } },
    ],
    title: 'Service status',
    description: 'Health of a service (or all): components, running version, recent deploys.',
    input: z.object({
      service: catalog.service.optional(),
      environment: catalog.environment.default(catalog.defaultEnvironment),
      explain: z.boolean().optional(),
    }),
    effect: 'read',
    openWorld: true,
    permission: { verb: 'read', scopes: ['status'], scopeOf: () => 'status' },
    describe: (args) => `show status of ${args.service ?? 'all services'} in ${args.environment}`,
    async run(args, { backends, config }) {
      // Beside real systems, a version or deploy from the demo says where it came from.
      const demo = isMixedDemo(config, 'deploys') ? ' (demo)' : '';
      const services = args.service ? [args.service] : config.services.map((service) => service.name);
      // Every service at once: a fleet-wide !status against a real backend costs about one round trip.
      const statuses: Array<ServiceStatus & { versionFromDeploys: boolean; recentDeploys: Array<{ version: string; state: string; startedAt: string; requestedBy: string }> }> = await Promise.all(
        services.map(async (service) => {
          const [status, current, history] = await Promise.all([
            backends.metrics.status(service, args.environment),
            backends.deploys.current(service, args.environment).catch(() => null),
            args.service ? backends.deploys.history(service, args.environment, 3).catch(() => []) : Promise.resolve([]),
          ]);
          return {
            ...status,
            version: current?.version ?? status.version,
            versionFromDeploys: Boolean(current?.version),
            recentDeploys: [...(current?.inProgress ? [current.inProgress] : []), ...history.filter((deploy) => deploy.id !== current?.inProgress?.id)]
              .slice(0, 3)
              .map((deploy) => ({ version: deploy.version, state: deploy.state, startedAt: deploy.startedAt, requestedBy: deploy.requestedBy })),
          };
        }),
      );
      const lines = statuses.map((status) => {
        const head = `${status.service} (${status.environment}) ${status.overall}${status.version ? ` · ${status.version}${status.versionFromDeploys ? demo : ''}` : ''}`;
        // Across the fleet, only what is not NORMAL gets its components spelled out.
        const shown = args.service ? status.components : status.components.filter((component) => component.status !== 'NORMAL');
        const components = shown.map((component) => `  ${component.name}: ${component.status}${component.detail ? ` — ${component.detail}` : ''}`);
        if (!args.service) return [head, ...components].join('\n');
        const deploys = status.recentDeploys.map((deploy) => `  deploy ${deploy.version} ${deploy.state} ${deploy.startedAt} by ${deploy.requestedBy}${demo}`);
        return [head, ...components, ...(deploys.length ? ['  recent deploys:', ...deploys.map((line) => `  ${line}`)] : [])].join('\n');
      });
      if (!args.service) lines.unshift(fleetVerdict(statuses, args.environment));
      if (args.explain) lines.push(...explainLines(statuses.flatMap((status) => status.queries ?? [])));
      return { text: lines.join('\n'), data: { services: statuses } };
    },
  });
}

/**
 * The overview's first line, as `!status` classically answers: `NORMAL`, or what is not, and what could not be
 * determined and why (that may be the problem); the services follow, components only where not NORMAL.
 */
function fleetVerdict(statuses: ServiceStatus[], environment: string): string {
  const normal = statuses.filter((status) => status.overall === 'NORMAL').length;
  if (normal === statuses.length) return `NORMAL: all ${statuses.length} services in ${environment}.`;
  const bad = statuses.filter((status) => status.overall === 'DEGRADED' || status.overall === 'DOWN').map((status) => `${status.service} ${status.overall}`);
  const unknown = statuses.filter((status) => status.overall === 'UNKNOWN').map((status) => `${status.service} (${status.components.find((component) => component.status === 'UNKNOWN')?.detail ?? 'no reason given'})`);
  const parts = [...(bad.length ? [bad.join(', ')] : []), ...(unknown.length ? [`could not be determined: ${unknown.join('; ')}`] : []), `${normal} of ${statuses.length} services NORMAL`];
  return `Not NORMAL in ${environment}: ${parts.join('; ')}.`;
}
