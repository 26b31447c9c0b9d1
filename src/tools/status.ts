import { z } from 'zod';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';
import type { ServiceStatus } from '../backends/ports.js';

/** `service_status`: overall health, components and recent deploys of one service, or every service. */
export function serviceStatusTool(catalog: Catalog) {
  return defineTool({
    name: 'service_status',
    title: 'Service status',
    description: 'Health of a service (or all): components, running version, recent deploys.',
    input: z.object({
      service: catalog.service.optional(),
      environment: catalog.environment.default(catalog.defaultEnvironment),
    }),
    effect: 'read',
    permission: { verb: 'read', scopes: ['status'], scopeOf: () => 'status' },
    describe: (args) => `show status of ${args.service ?? 'all services'} in ${args.environment}`,
    async run(args, { backends, config }) {
      const services = args.service ? [args.service] : config.services.map((service) => service.name);
      const statuses: Array<ServiceStatus & { recentDeploys: Array<{ version: string; state: string; startedAt: string; requestedBy: string }> }> = [];
      for (const service of services) {
        const status = await backends.metrics.status(service, args.environment);
        const current = await backends.deploys.current(service, args.environment).catch(() => null);
        const history = args.service ? await backends.deploys.history(service, args.environment, 3).catch(() => []) : [];
        statuses.push({
          ...status,
          version: current?.version ?? status.version,
          recentDeploys: [...(current?.inProgress ? [current.inProgress] : []), ...history.filter((deploy) => deploy.id !== current?.inProgress?.id)]
            .slice(0, 3)
            .map((deploy) => ({ version: deploy.version, state: deploy.state, startedAt: deploy.startedAt, requestedBy: deploy.requestedBy })),
        });
      }
      const lines = statuses.map((status) => {
        const head = `${status.service} (${status.environment}) ${status.overall}${status.version ? ` · ${status.version}` : ''}`;
        if (!args.service) return head;
        const components = status.components.map((component) => `  ${component.name}: ${component.status}${component.detail ? ` — ${component.detail}` : ''}`);
        const deploys = status.recentDeploys.map((deploy) => `  deploy ${deploy.version} ${deploy.state} ${deploy.startedAt} by ${deploy.requestedBy}`);
        return [head, ...components, ...(deploys.length ? ['  recent deploys:', ...deploys.map((line) => `  ${line}`)] : [])].join('\n');
      });
      return { text: lines.join('\n'), data: { services: statuses } };
    },
  });
}
