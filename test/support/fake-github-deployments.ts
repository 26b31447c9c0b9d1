import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type StatusState = 'error' | 'failure' | 'inactive' | 'pending' | 'success' | 'queued' | 'in_progress';

/** A deployment as the fake repository holds it (fields from GitHub's documented deployment object). */
export interface FakeDeployment {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  payload: Record<string, unknown>;
  description: string | null;
  production_environment: boolean;
  created_at: string;
  updated_at: string;
  creator: { login: string };
  statuses: Array<{ id: number; state: StatusState; description: string; log_url: string; environment_url: string; created_at: string }>;
  requestBody: Record<string, unknown>;
}

const DOCS = 'https://docs.github.com/rest';

/**
 * A loopback GitHub speaking the documented REST slice the deploys adapter uses: git refs, commits, commit statuses
 * and check runs, deployments and their statuses (409 when required contexts are not green), workflow dispatch
 * (with or without `return_run_details`) and runs, error envelopes `{ message, documentation_url }` and secondary
 * rate limits answered 403 with `retry-after`. The test plays the deployer by adding statuses.
 */
export class FakeGitHubDeployments {
  readonly requests: Array<{ method: string; path: string; query: string; body: Record<string, unknown> | undefined }> = [];
  readonly refs = new Map<string, string>();
  readonly commitStatuses = new Map<string, Array<{ context: string; state: 'error' | 'failure' | 'pending' | 'success' }>>();
  readonly checkRuns = new Map<string, Array<{ name: string; status: 'queued' | 'in_progress' | 'completed'; conclusion: string | null }>>();
  readonly deployments: FakeDeployment[] = [];
  readonly runs: Array<{ id: number; workflow: string; ref: string; inputs: Record<string, string>; status: string; conclusion: string | null; html_url: string; created_at: string; updated_at: string }> = [];
  /** Newer GitHub answers a dispatch with the run; older servers refuse the field with 422. */
  supportsRunDetails = true;
  /** GitHub names the failing contexts in a 409 body; set false to make the client look them up itself. */
  namesContextsInConflict = true;
  /** Every answer waits this long first: a real API's round trip, which widens the window replicas race in. */
  latencyMs = 0;
  /** What the token may do in the repository, as `GET /repos/{owner}/{repo}` reports it to an authenticated caller. */
  permissions = { admin: false, maintain: false, push: true, triage: true, pull: true };
  /** Workflow files the repository has under .github/workflows. */
  readonly workflows = new Set<string>(['deploy.yml']);
  private rateLimited = 0;
  private nextId = 1000;
  private server?: Server;
  url = '';

  constructor(
    readonly repository: string,
    private readonly token: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A commit reachable as a tag and/or branch. */
  addCommit(sha: string, names: { tags?: string[]; branches?: string[] } = {}): void {
    this.commitStatuses.set(sha, this.commitStatuses.get(sha) ?? []);
    for (const tag of names.tags ?? []) this.refs.set(`tags/${tag}`, sha);
    for (const branch of names.branches ?? []) this.refs.set(`heads/${branch}`, sha);
  }

  setCommitStatus(sha: string, context: string, state: 'error' | 'failure' | 'pending' | 'success'): void {
    const list = (this.commitStatuses.get(sha) ?? []).filter((status) => status.context !== context);
    this.commitStatuses.set(sha, [...list, { context, state }]);
  }

  /** What a deployer (the workflow) reports. */
  addStatus(deploymentId: number, state: StatusState, extra: { description?: string; log_url?: string; environment_url?: string } = {}): FakeDeployment['statuses'][number] {
    const deployment = this.deployments.find((entry) => entry.id === deploymentId);
    if (!deployment) throw new Error(`no deployment ${deploymentId}`);
    const status = { id: this.nextId++, state, description: extra.description ?? '', log_url: extra.log_url ?? '', environment_url: extra.environment_url ?? '', created_at: this.clock().toISOString() };
    deployment.statuses.unshift(status);
    deployment.updated_at = status.created_at;
    return status;
  }

  /** The next `count` requests are refused as a secondary rate limit. */
  rateLimitNext(count: number): void {
    this.rateLimited = count;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body, headers }) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', ...headers });
        response.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const method = request.method ?? 'GET';
    this.requests.push({ method, path, query: url.search, body });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (request.headers.authorization !== `token ${this.token}`) return error(401, 'Bad credentials');
    if (this.rateLimited > 0) {
      this.rateLimited--;
      return { ...error(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'), headers: { 'retry-after': '1' } };
    }
    const prefix = `/repos/${this.repository}`;
    if (!path.startsWith(prefix)) return error(404, 'Not Found');
    const route = path.slice(prefix.length);
    const query = url.searchParams;
    if (method === 'GET' && route === '') {
      return { status: 200, body: { id: 1, full_name: this.repository, private: true, default_branch: 'main', permissions: this.permissions } };
    }
    const workflow = /^\/actions\/workflows\/([^/]+)$/.exec(route);
    if (method === 'GET' && workflow) {
      const file = workflow[1]!;
      if (!this.workflows.has(file)) return error(404, 'Not Found');
      return { status: 200, body: { id: 161335, node_id: 'W_1', name: file.replace(/\.ya?ml$/, ''), path: `.github/workflows/${file}`, state: 'active' } };
    }

    if (method === 'GET' && route.startsWith('/git/ref/')) {
      const ref = route.slice('/git/ref/'.length);
      const sha = this.refs.get(ref);
      return sha ? { status: 200, body: { ref: `refs/${ref}`, object: { sha, type: 'commit' } } } : error(404, 'Not Found');
    }
    const commit = /^\/commits\/([^/]+)(\/status|\/check-runs)?$/.exec(route);
    if (method === 'GET' && commit) {
      const sha = this.shaOf(commit[1]!);
      if (!sha) return error(422, `No commit found for SHA: ${commit[1]}`);
      if (commit[2] === '/status') {
        const statuses = this.commitStatuses.get(sha) ?? [];
        const state = statuses.some((status) => status.state === 'failure' || status.state === 'error') ? 'failure' : statuses.every((status) => status.state === 'success') ? 'success' : 'pending';
        return { status: 200, body: { state, sha, total_count: statuses.length, statuses } };
      }
      if (commit[2] === '/check-runs') {
        const runs = this.checkRuns.get(sha) ?? [];
        return { status: 200, body: { total_count: runs.length, check_runs: runs.map((run, index) => ({ id: index + 1, head_sha: sha, ...run })) } };
      }
      return { status: 200, body: { sha, commit: { message: 'change' } } };
    }
    if (route === '/deployments' && method === 'POST') return this.createDeployment(body ?? {});
    if (route === '/deployments' && method === 'GET') {
      const matching = this.deployments.filter((entry) => (!query.get('environment') || entry.environment === query.get('environment')) && (!query.get('task') || entry.task === query.get('task')) && (!query.get('ref') || entry.ref === query.get('ref')));
      return { status: 200, body: page(matching.slice().reverse().map(deploymentJson), query) };
    }
    const deployment = /^\/deployments\/(\d+)(\/statuses)?$/.exec(route);
    if (deployment) {
      const found = this.deployments.find((entry) => entry.id === Number(deployment[1]));
      if (!found) return error(404, 'Not Found');
      if (!deployment[2] && method === 'GET') return { status: 200, body: deploymentJson(found) };
      if (deployment[2] && method === 'GET') return { status: 200, body: page(found.statuses, query) };
      if (deployment[2] && method === 'POST') return { status: 201, body: this.addStatus(found.id, body?.state as StatusState, body as never) };
    }
    const dispatch = /^\/actions\/workflows\/([^/]+)\/dispatches$/.exec(route);
    if (dispatch && method === 'POST') {
      if (!this.supportsRunDetails && body && 'return_run_details' in body) return error(422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
      if (dispatch[1] !== 'deploy.yml') return error(404, 'Not Found');
      const at = this.clock().toISOString();
      const run = { id: this.nextId++, workflow: dispatch[1]!, ref: String(body?.ref), inputs: (body?.inputs ?? {}) as Record<string, string>, status: 'queued', conclusion: null, html_url: `https://github.example/${this.repository}/actions/runs/${this.nextId}`, created_at: at, updated_at: at };
      this.runs.push(run);
      if (body?.return_run_details) return { status: 200, body: { workflow_run_id: run.id, run_url: `${this.url}${prefix}/actions/runs/${run.id}`, html_url: run.html_url } };
      return { status: 204 };
    }
    const runs = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(route);
    if (runs && method === 'GET') {
      const listed = this.runs.filter((run) => run.workflow === runs[1]).reverse();
      return { status: 200, body: { total_count: listed.length, workflow_runs: listed } };
    }
    const run = /^\/actions\/runs\/(\d+)$/.exec(route);
    if (run && method === 'GET') {
      const found = this.runs.find((entry) => entry.id === Number(run[1]));
      return found ? { status: 200, body: found } : error(404, 'Not Found');
    }
    return error(404, 'Not Found');
  }

  private createDeployment(body: Record<string, unknown>) {
    const ref = String(body.ref ?? '');
    const sha = this.shaOf(ref);
    if (!sha) return { status: 422, body: { message: `No ref found for: ${ref}`, documentation_url: DOCS } };
    // By default every submitted context must be green; `required_contexts: []` skips the check.
    const required = body.required_contexts as string[] | undefined;
    const contexts = [...(this.commitStatuses.get(sha) ?? []).map((status) => ({ context: status.context, state: status.state })), ...(this.checkRuns.get(sha) ?? []).map((check) => ({ context: check.name, state: check.status === 'completed' ? (check.conclusion ?? 'failure') : 'pending' }))];
    const blocking = contexts.filter((context) => (required === undefined || required.includes(context.context)) && context.state !== 'success');
    if (blocking.length) {
      return {
        status: 409,
        body: { message: `Conflict: Commit status checks failed for ${ref}.`, ...(this.namesContextsInConflict ? { errors: [{ contexts: blocking, resource: 'Deployment', field: 'required_contexts', code: 'invalid' }] } : {}), documentation_url: DOCS },
      };
    }
    const at = this.clock().toISOString();
    const deployment: FakeDeployment = {
      id: this.nextId++,
      ref,
      sha,
      task: String(body.task ?? 'deploy'),
      environment: String(body.environment ?? 'production'),
      payload: (body.payload ?? {}) as Record<string, unknown>,
      description: (body.description as string) ?? null,
      production_environment: body.production_environment === true,
      created_at: at,
      updated_at: at,
      creator: { login: 'opsbot[bot]' },
      statuses: [],
      requestBody: body,
    };
    this.deployments.push(deployment);
    return { status: 201, body: deploymentJson(deployment) };
  }

  private shaOf(ref: string): string | undefined {
    if (this.commitStatuses.has(ref)) return ref;
    return this.refs.get(`tags/${ref}`) ?? this.refs.get(`heads/${ref}`) ?? [...this.commitStatuses.keys()].find((sha) => ref.length >= 7 && sha.startsWith(ref));
  }
}

function deploymentJson(deployment: FakeDeployment) {
  const { statuses: _statuses, requestBody: _body, ...rest } = deployment;
  return { ...rest, url: `https://api.github.example/deployments/${deployment.id}`, statuses_url: `https://api.github.example/deployments/${deployment.id}/statuses` };
}

function page<T>(items: T[], query: URLSearchParams): T[] {
  const perPage = Number(query.get('per_page') ?? '30');
  const number = Number(query.get('page') ?? '1');
  return items.slice((number - 1) * perPage, number * perPage);
}

function error(status: number, message: string) {
  return { status, body: { message, documentation_url: DOCS } };
}
