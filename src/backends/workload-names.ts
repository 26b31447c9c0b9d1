import type { Config, Service } from '../config/schema.js';
import { ToolFailure } from '../errors.js';

/** The Deployment a service runs as: `services[].kubernetes.deployment`, else the service's own name. */
export function deploymentOf(service: Service): string {
  return service.kubernetes?.deployment ?? service.name;
}

/** The configured service by name; ToolFailure listing the known ones otherwise. */
export function workloadService(config: Config, name: string): Service {
  const service = config.services.find((entry) => entry.name === name.trim().toLowerCase());
  if (!service) throw new ToolFailure(`Unknown service "${name}". Known services: ${config.services.map((entry) => entry.name).join(', ')}.`);
  return service;
}

/** The namespace opsbot may touch for an environment; refused, naming the allowed ones, for any other. */
export function namespaceFor(namespaces: Record<string, string>, environment: string): string {
  const namespace = namespaces[environment];
  if (namespace === undefined) throw new ToolFailure(`opsbot has no Kubernetes namespace for "${environment}". Allowed: ${allowedList(namespaces)}.`);
  return namespace;
}

/** The environment a namespace (or an environment's own name) stands for; refused, naming the allowed ones, otherwise. */
export function environmentForNamespace(namespaces: Record<string, string>, namespaceOrEnvironment: string): string {
  if (namespaces[namespaceOrEnvironment] !== undefined) return namespaceOrEnvironment;
  const found = Object.entries(namespaces).find(([, namespace]) => namespace === namespaceOrEnvironment);
  if (!found) throw new ToolFailure(`Namespace "${namespaceOrEnvironment}" is not one opsbot may read. Allowed: ${allowedList(namespaces)}.`);
  return found[0];
}

function allowedList(namespaces: Record<string, string>): string {
  return Object.entries(namespaces).map(([environment, namespace]) => `${namespace} (${environment})`).join(', ') || 'none';
}

/** The service whose Deployment a pod belongs to, read from the pod name's `DEPLOYMENT-HASH-SUFFIX` form. */
export function serviceOfPod(config: Config, podName: string): string | null {
  const match = config.services
    .map((service) => ({ service, deployment: deploymentOf(service) }))
    .filter(({ deployment }) => new RegExp(`^${deployment}-[a-z0-9]+-[a-z0-9]+$`).test(podName))
    .sort((left, right) => right.deployment.length - left.deployment.length)[0];
  return match?.service.name ?? null;
}
