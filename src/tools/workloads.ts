import { z } from 'zod';
import { environmentForNamespace } from '../backends/workload-names.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';
import { describeLines, podLines, redactLogLine, terminationNote } from './workload-text.js';

const GROUP = 'kubernetes';
const READ = { verb: 'read', scopes: ['workloads'], scopeOf: () => 'workloads' } as const;
// A crashing pod's previous log shown with `pods SERVICE`: enough to see why it died, short enough for chat.
const WHY_LINES = 10;

/** `pods`: pods of a service or an environment, like `kubectl get pods`, with why a crashing one died. */
export function podsTool(catalog: Catalog) {
  return defineTool({
    name: 'pods',
    group: GROUP,
    commands: [{ command: 'get', usage: 'get pods [-n NAMESPACE|ENVIRONMENT] [SERVICE]', summary: 'pods: ready, status, restarts, age, node, last termination', words: ['pods'], roles: { service: 'service', environment: 'environment' } }],
    title: 'Pods',
    description: "Pods: status, restarts, last termination; crashing ones' previous log.",
    input: z.object({ service: catalog.service.optional(), environment: catalog.environment.optional(), namespace: z.string().max(63).optional() }),
    effect: 'read',
    openWorld: true,
    permission: READ,
    describe: (args) => `show pods of ${args.service ?? 'every service'} in ${args.namespace ?? args.environment ?? catalog.defaultEnvironment}`,
    async run(args, { backends, now }) {
      const workloads = backends.workloads;
      const environment = args.namespace ? environmentForNamespace(workloads.namespaces(), args.namespace) : (args.environment ?? catalog.defaultEnvironment);
      const namespace = workloads.namespaces()[environment];
      const pods = await workloads.pods(environment, args.service);
      const ready = pods.filter((pod) => /^(\d+)\/\1$/.test(pod.ready)).length;
      const head = `${args.service ?? 'All pods'} in ${environment} (namespace ${namespace}): ${pods.length} pods, ${ready} ready.`;
      const crashing = args.service ? pods.filter((pod) => pod.lastTermination && pod.status !== 'Running').slice(0, 2) : [];
      const why = await Promise.all(
        crashing.map(async (pod) => {
          const logs = await workloads.logs({ service: args.service!, environment, pod: pod.name, tailLines: WHY_LINES, previous: true }).catch((error: Error) => ({ lines: [`(previous log unavailable: ${error.message})`] }));
          return [`${pod.name} is ${pod.status} after ${pod.restarts} restarts, ${terminationNote(pod).trim()}. Its previous container's last lines:`, ...logs.lines.map((line) => `  ${redactLogLine(line)}`)];
        }),
      );
      return { text: [head, ...podLines(pods, now()), ...why.flat()].join('\n'), data: { environment, namespace, pods } };
    },
  });
}

/** `workload_describe`: a Deployment's replicas, image, conditions, rollout and recent events. */
export function workloadDescribeTool(catalog: Catalog) {
  return defineTool({
    name: 'workload_describe',
    group: GROUP,
    commands: [{ command: 'describe', usage: 'describe SERVICE [ENVIRONMENT]', summary: "a Deployment's replicas, image, conditions, rollout and events", roles: { service: 'service', environment: 'environment' } }],
    title: 'Describe a workload',
    description: "A Deployment's replicas, image, conditions, events.",
    input: z.object({ service: catalog.service, environment: catalog.environment.default(catalog.defaultEnvironment) }),
    effect: 'read',
    openWorld: true,
    permission: READ,
    describe: (args) => `describe ${args.service} in ${args.environment}`,
    async run(args, { backends }) {
      const [workload, events] = await Promise.all([backends.workloads.workload(args.service, args.environment), backends.workloads.events(args.service, args.environment, 10)]);
      return { text: describeLines(workload, events).join('\n'), data: { workload, events } };
    },
  });
}

/** `pod_logs`: the last lines of a service's pod, redacted; `previous` for the crashed container. */
export function podLogsTool(catalog: Catalog) {
  return defineTool({
    name: 'pod_logs',
    group: GROUP,
    commands: [{ command: 'logs', usage: 'logs SERVICE [ENVIRONMENT] [-n 100] [--previous]', summary: "the last lines of a pod's log (the crashed container's with --previous)", roles: { service: 'service', environment: 'environment' } }],
    title: 'Pod logs',
    description: 'Pod log tail (a crashing pod first); previous: the crashed container.',
    input: z.object({
      service: catalog.service,
      environment: catalog.environment.default(catalog.defaultEnvironment),
      pod: z.string().max(253).optional(),
      lines: z.number().int().min(1).max(500).default(50),
      previous: z.boolean().default(false),
    }),
    effect: 'read',
    openWorld: true,
    permission: READ,
    describe: (args) => `show ${args.lines} log lines of ${args.pod ?? args.service} in ${args.environment}${args.previous ? ' (previous container)' : ''}`,
    async run(args, { backends }) {
      const logs = await backends.workloads.logs({ service: args.service, environment: args.environment, pod: args.pod, tailLines: args.lines, previous: args.previous });
      const lines = logs.lines.map(redactLogLine);
      const head = `${logs.pod} (${logs.container}${logs.previous ? ', previous container' : ''}) in ${args.environment}, last ${lines.length} lines:`;
      // `logs` is the whole log as a file would hold it, so a front end that cannot show it all in a message can attach it.
      const filename = `${logs.pod}-${logs.container}${logs.previous ? '-previous' : ''}.log`;
      return { text: [head, ...lines].join('\n'), data: { ...logs, lines, logs: { filename, text: lines.join('\n') } } };
    },
  });
}
