import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { FakeCluster, type KubeObject } from './cluster.js';
import { API_GROUP_LIST, RESOURCE_LISTS, ROLE_RULES, VERSION, apiGroup, apiVersions } from './discovery.js';
import { PatchError, jsonPatch, mergePatch, strategicMergePatch } from './patches.js';
import { peerCertificate } from './peer-certificate.js';
import { podTable } from './pod-table.js';
import { serveWatch } from './watch-stream.js';

/** One request as the peer received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  accept: string | undefined;
  body: unknown;
}

export const SERVICE_ACCOUNT = 'system:serviceaccount:opsbot:opsbot';

/**
 * A loopback Kubernetes API server, written from the API reference: legacy discovery, list/get/watch of pods,
 * events, Deployments and ReplicaSets with resourceVersions, the scale subresource, JSON / merge / strategic-merge
 * patches, pods/log with previous and tailLines, and Status objects for every error. Authorization is the README's
 * Role in the namespaces given: anything else is 403 Forbidden, like RBAC. Every request is recorded.
 */
export class FakeKubernetes {
  readonly cluster = new FakeCluster();
  readonly requests: RecordedRequest[] = [];
  /** `verb resource` pairs answered 403 although the Role allows them (a Role narrowed by an administrator). */
  readonly forbidden = new Set<string>();
  url = '';
  private server?: Server;
  private readonly openWatches = new Set<ServerResponse>();
  private readonly certificate = peerCertificate();

  constructor(
    readonly namespaces: readonly string[],
    readonly token: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer({ key: this.certificate.key, cert: this.certificate.cert }, (request, response) => void this.receive(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.endWatches();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Ends every open watch stream, as an API server does at its watch timeout; clients must resume. */
  endWatches(): void {
    for (const response of this.openWatches) response.end();
    this.openWatches.clear();
  }

  /** A kubeconfig whose contexts all reach this server with the peer's token. */
  kubeconfig(contexts: readonly string[]): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: fake\n  cluster:\n    server: ${this.url}\n    certificate-authority-data: ${Buffer.from(this.certificate.cert).toString('base64')}`,
      'users:',
      `- name: opsbot\n  user:\n    token: ${this.token}`,
      'contexts:',
      ...contexts.map((context) => `- name: ${context}\n  context:\n    cluster: fake\n    user: opsbot`),
      `current-context: ${contexts[0]}`,
      '',
    ].join('\n');
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://peer');
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      request.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      request.on('end', () => resolve(data));
    });
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // kept as text: a malformed body is answered below
    }
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: request.headers['content-type'], accept: request.headers.accept, body };
    this.requests.push(recorded);
    if (request.headers.authorization !== `Bearer ${this.token}`) return send(response, status(401, 'Unauthorized', 'Unauthorized'));
    try {
      const answer = this.route(recorded, response);
      if (answer) send(response, answer.body, answer.status ?? 200, answer.contentType);
    } catch (error) {
      if (error instanceof PatchError) return send(response, status(error.status, error.status === 422 ? 'Invalid' : 'BadRequest', error.message));
      throw error;
    }
  }

  private route(request: RecordedRequest, response: ServerResponse): { body: unknown; status?: number; contentType?: string } | undefined {
    const path = request.path.replace(/\/$/, '');
    if (path === '/version') return { body: VERSION };
    if (path === '/api') return { body: apiVersions(this.url.replace(/^https?:\/\//, '')) };
    if (path === '/apis') return { body: API_GROUP_LIST };
    const group = /^\/apis\/([a-z.]+)$/.exec(path);
    if (group) return apiGroup(group[1]!) ? { body: apiGroup(group[1]!) } : { body: status(404, 'NotFound', 'the server could not find the requested resource'), status: 404 };
    const list = /^\/(?:api\/(v1)|apis\/([a-z.]+\/v1))$/.exec(path);
    if (list) {
      const resources = RESOURCE_LISTS[list[1] ?? list[2]!];
      return resources ? { body: resources } : notFound('the server could not find the requested resource');
    }
    const match = /^\/(?:api\/v1|apis\/(apps)\/v1)\/(?:namespaces\/([^/]+)\/)?([a-z]+)(?:\/([^/]+))?(?:\/([a-z]+))?$/.exec(path);
    if (!match) return notFound('the server could not find the requested resource');
    const [, apiGroupName = '', namespace, resource, name, subresource] = match;
    const full = subresource ? `${resource}/${subresource}` : resource!;
    const verb = verbOf(request, Boolean(name));
    const refusal = this.authorize(verb, full, apiGroupName, namespace);
    if (refusal) return { body: refusal, status: 403 };
    return this.serve(request, response, { namespace: namespace!, resource: resource!, name, subresource, verb });
  }

  /** RBAC as the README's Role grants it: only its verbs on its resources, only in the configured namespaces. */
  private authorize(verb: string, resource: string, group: string, namespace: string | undefined): object | undefined {
    const allowed = namespace !== undefined && this.namespaces.includes(namespace) && (ROLE_RULES[resource] ?? []).includes(verb) && !this.forbidden.has(`${verb} ${resource}`);
    if (allowed) return undefined;
    const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    const [plural, sub] = resource.split('/');
    return status(403, 'Forbidden', `${plural}${group ? `.${group}` : ''} is forbidden: User "${SERVICE_ACCOUNT}" cannot ${verb} resource "${plural}${sub ? `/${sub}` : ''}" in API group "${group}"${where}`, { kind: plural });
  }

  private serve(request: RecordedRequest, response: ServerResponse, target: { namespace: string; resource: string; name?: string; subresource?: string; verb: string }): { body: unknown; status?: number; contentType?: string } | undefined {
    const { namespace, resource, name, subresource, verb } = target;
    const cluster = this.cluster;
    if (resource === 'pods' && verb === 'watch') {
      serveWatch(this.cluster, namespace, request.query, response, this.openWatches);
      return undefined;
    }
    if (resource === 'pods' && subresource === 'log') return this.podLog(namespace, name!, request.query);
    const store = resource === 'pods' ? cluster.pods : resource === 'deployments' ? cluster.deployments : resource === 'replicasets' ? cluster.replicaSets : undefined;
    if (resource === 'events') return { body: listOf('EventList', 'v1', cluster.events.filter((event) => event.metadata.namespace === namespace), cluster.resourceVersion) };
    if (!store) return notFound('the server could not find the requested resource');
    if (!name) {
      const items = [...store.values()].filter((item) => item.metadata.namespace === namespace && selects(request.query.labelSelector, item.metadata.labels ?? {}));
      if (resource === 'pods' && request.accept?.includes('as=Table')) return { body: podTable(items, cluster.resourceVersion), contentType: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
      const kind = `${items[0]?.kind ?? (resource === 'pods' ? 'Pod' : resource === 'deployments' ? 'Deployment' : 'ReplicaSet')}List`;
      return { body: listOf(kind, resource === 'pods' ? 'v1' : 'apps/v1', items, cluster.resourceVersion) };
    }
    const object = store.get(`${namespace}/${name}`);
    const kindName = resource === 'deployments' ? 'deployments.apps' : resource === 'replicasets' ? 'replicasets.apps' : resource;
    if (!object) return { body: status(404, 'NotFound', `${kindName} "${name}" not found`, { name, kind: resource }), status: 404 };
    if (resource === 'deployments' && verb === 'get' && !subresource) cluster.observe(object);
    if (subresource === 'scale') return this.scale(request, object, verb);
    if (verb === 'patch') return this.patchDeployment(request, object);
    return { body: object };
  }

  private scale(request: RecordedRequest, deployment: KubeObject, verb: string) {
    const scaleOf = () => ({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: deployment.metadata.name, namespace: deployment.metadata.namespace, uid: deployment.metadata.uid, resourceVersion: deployment.metadata.resourceVersion, creationTimestamp: deployment.metadata.creationTimestamp },
      spec: { replicas: deployment.spec.replicas },
      status: { replicas: deployment.status.replicas ?? 0, selector: Object.entries(deployment.spec.selector.matchLabels).map(([key, value]) => `${key}=${String(value)}`).join(',') },
    });
    if (verb !== 'patch') return { body: scaleOf() };
    const patched = applyPatch(request, scaleOf()) as KubeObject;
    const replicas = patched.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      return { body: status(422, 'Invalid', `Scale.autoscaling "${deployment.metadata.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, { name: deployment.metadata.name, group: 'autoscaling', kind: 'Scale' }), status: 422 };
    }
    if (replicas !== deployment.spec.replicas) {
      deployment.spec.replicas = replicas;
      this.bump(deployment);
    }
    return { body: scaleOf() };
  }

  private patchDeployment(request: RecordedRequest, deployment: KubeObject) {
    const patched = applyPatch(request, deployment) as KubeObject;
    const containers = patched.spec?.template?.spec?.containers;
    if (!Array.isArray(containers) || containers.length === 0 || containers.some((container: KubeObject) => !container.image)) {
      return { body: status(422, 'Invalid', `Deployment.apps "${deployment.metadata.name}" is invalid: spec.template.spec.containers: Required value`, { name: deployment.metadata.name, group: 'apps', kind: 'Deployment' }), status: 422 };
    }
    if (patched.metadata.resourceVersion !== deployment.metadata.resourceVersion) {
      return { body: status(409, 'Conflict', `Operation cannot be fulfilled on deployments.apps "${deployment.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: deployment.metadata.name, group: 'apps', kind: 'deployments' }), status: 409 };
    }
    const specChanged = JSON.stringify(patched.spec) !== JSON.stringify(deployment.spec);
    deployment.spec = patched.spec;
    deployment.metadata.annotations = { ...(patched.metadata.annotations ?? {}), ...(deployment.metadata.annotations['deployment.kubernetes.io/revision'] ? { 'deployment.kubernetes.io/revision': deployment.metadata.annotations['deployment.kubernetes.io/revision'] } : {}) };
    if (specChanged) this.bump(deployment);
    else deployment.metadata.resourceVersion = this.cluster.nextVersion();
    return { body: deployment };
  }

  /** A spec change: a new generation, and the controller acts on it. */
  private bump(deployment: KubeObject): void {
    deployment.metadata.generation += 1;
    deployment.metadata.resourceVersion = this.cluster.nextVersion();
    this.cluster.reconcile(deployment);
  }

  private podLog(namespace: string, name: string, query: Record<string, string>) {
    const pod = this.cluster.pods.get(`${namespace}/${name}`);
    if (!pod) return { body: status(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' }), status: 404 };
    const containers = (pod.spec.containers as KubeObject[]).map((container) => container.name as string);
    const container = query.container ?? (containers.length === 1 ? containers[0] : undefined);
    if (!container) return { body: status(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`), status: 400 };
    if (!containers.includes(container)) return { body: status(400, 'BadRequest', `container ${container} is not valid for pod ${name}`), status: 400 };
    const logs = this.cluster.logs.get(`${namespace}/${name}/${container}`) ?? { current: [], previous: null };
    const previous = query.previous === 'true';
    if (previous && !logs.previous) return { body: status(400, 'BadRequest', `previous terminated container "${container}" in pod "${name}" not found`), status: 400 };
    const lines = previous ? logs.previous! : logs.current;
    const tail = query.tailLines === undefined ? lines : lines.slice(-Number(query.tailLines));
    return { body: tail.map((line) => `${line}\n`).join(''), contentType: 'text/plain' };
  }
}

function verbOf(request: RecordedRequest, named: boolean): string {
  if (request.method === 'GET') return request.query.watch === 'true' || request.query.watch === '1' ? 'watch' : named ? 'get' : 'list';
  return { PATCH: 'patch', PUT: 'update', POST: 'create', DELETE: named ? 'delete' : 'deletecollection' }[request.method] ?? request.method.toLowerCase();
}

function applyPatch(request: RecordedRequest, object: KubeObject): unknown {
  const type = request.contentType?.split(';')[0]?.trim();
  if (type === 'application/json-patch+json') return jsonPatch(object, request.body);
  if (typeof request.body !== 'object' || request.body === null) throw new PatchError('couldn\'t get version/kind; json parse error', 400);
  if (type === 'application/merge-patch+json') return mergePatch(object, request.body as KubeObject);
  if (type === 'application/strategic-merge-patch+json') return strategicMergePatch(object, request.body as KubeObject);
  throw new PatchError(`the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`, 400);
}

function selects(selector: string | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.includes('!=') ? term.split('!=') : term.split(/==?/);
    return term.includes('!=') ? labels[key!] !== value : labels[key!] === value;
  });
}

export function status(code: number, reason: string, message: string, details?: object) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function notFound(message: string) {
  return { body: status(404, 'NotFound', message), status: 404 };
}

/** Items of a list carry no kind or apiVersion of their own; the list does. */
function listOf(kind: string, apiVersion: string, items: KubeObject[], resourceVersion: number) {
  return { kind, apiVersion, metadata: { resourceVersion: String(resourceVersion) }, items: items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest) };
}

function send(response: ServerResponse, body: unknown, code = 200, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const statusCode = typeof body === 'object' && body !== null && (body as { kind?: string }).kind === 'Status' ? ((body as { code: number }).code ?? code) : code;
  response.writeHead(statusCode, { 'content-type': contentType, 'cache-control': 'no-cache, private' });
  response.end(text);
}
