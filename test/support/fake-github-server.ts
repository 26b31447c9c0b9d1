import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A pull request as the fake repository holds it. */
export interface FakePull {
  number: number;
  title: string;
  body: string;
  user: { login: string };
  labels: Array<{ name: string }>;
  state: 'open' | 'closed';
  merged_at: string | null;
  head: { ref: string };
  base: { ref: string };
  html_url: string;
}

/**
 * A loopback server speaking the slice of GitHub's REST API that opsbot's release adapter uses
 * (git refs, pulls, releases), with an in-memory repository and a log of every request.
 */
export class FakeGitHub {
  readonly requests: Array<{ method: string; path: string; authorization: string | undefined; body: unknown }> = [];
  readonly refs = new Map<string, string>([['heads/main', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678']]);
  readonly pulls: FakePull[] = [];
  /** Files committed through the contents API, by `branch:path`: their text and blob sha. */
  readonly files = new Map<string, { content: string; sha: string }>();
  readonly releases: Array<{ tag_name: string; name: string; body: string; target_commitish: string; html_url: string; created_at: string; published_at: string }> = [];
  private server?: Server;
  url = '';

  constructor(
    private readonly repository: string,
    private readonly token: string,
  ) {}

  addMergedPull(title: string, labels: string[], mergedAt: string, author = 'octocat'): FakePull {
    const number = this.pulls.length + 100;
    const pull: FakePull = { number, title, body: '', user: { login: author }, labels: labels.map((name) => ({ name })), state: 'closed', merged_at: mergedAt, head: { ref: `feature-${number}` }, base: { ref: 'main' }, html_url: `https://github.example/${this.repository}/pull/${number}` };
    this.pulls.push(pull);
    return pull;
  }

  addRelease(tag: string, publishedAt: string): void {
    this.releases.push({ tag_name: tag, name: tag, body: '', target_commitish: 'main', html_url: `https://github.example/${this.repository}/releases/tag/${tag}`, created_at: publishedAt, published_at: publishedAt });
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
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

  private async handle(request: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const method = request.method ?? 'GET';
    this.requests.push({ method, path, authorization: request.headers.authorization, body });
    const authorization = request.headers.authorization ?? '';
    if (authorization !== `token ${this.token}` && authorization !== `bearer ${this.token}` && authorization !== `Bearer ${this.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    }
    const prefix = `/repos/${this.repository}`;
    if (!path.startsWith(prefix)) return notFound();
    const route = path.slice(prefix.length);

    if (method === 'GET' && route === '') return { status: 200, body: { full_name: this.repository, default_branch: 'main', private: true } };
    const contents = /^\/contents\/(.+)$/.exec(route);
    if (contents) return this.contents(method, contents[1]!, body, url.searchParams.get('ref'));
    if (method === 'GET' && route.startsWith('/git/ref/')) {
      const ref = route.slice('/git/ref/'.length);
      const sha = this.refs.get(ref);
      return sha ? { status: 200, body: { ref: `refs/${ref}`, object: { sha, type: 'commit' } } } : notFound();
    }
    if (method === 'POST' && route === '/git/refs') {
      const ref = String(body.ref).replace(/^refs\//, '');
      if (this.refs.has(ref)) return { status: 422, body: { message: 'Reference already exists' } };
      this.refs.set(ref, body.sha);
      return { status: 201, body: { ref: body.ref, object: { sha: body.sha, type: 'commit' } } };
    }
    if (method === 'GET' && route === '/releases/latest') {
      const latest = this.releases[this.releases.length - 1];
      return latest ? { status: 200, body: latest } : notFound();
    }
    if (method === 'GET' && route.startsWith('/releases/tags/')) {
      const release = this.releases.find((entry) => entry.tag_name === route.slice('/releases/tags/'.length));
      return release ? { status: 200, body: release } : notFound();
    }
    if (method === 'POST' && route === '/releases') {
      if (this.releases.some((entry) => entry.tag_name === body.tag_name)) return { status: 422, body: { message: 'Validation Failed', errors: [{ code: 'already_exists', field: 'tag_name' }] } };
      this.addRelease(body.tag_name, new Date().toISOString());
      const release = this.releases[this.releases.length - 1]!;
      Object.assign(release, { body: body.body, target_commitish: body.target_commitish });
      return { status: 201, body: release };
    }
    if (method === 'GET' && route === '/pulls') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Number(url.searchParams.get('per_page') ?? '30');
      const matching = this.pulls.filter((pull) => (state === 'all' || pull.state === state) && (!base || pull.base.ref === base) && (!head || `${this.repository.split('/')[0]}:${pull.head.ref}` === head));
      return { status: 200, body: matching.slice((page - 1) * perPage, page * perPage) };
    }
    if (method === 'POST' && route === '/pulls') {
      const number = this.pulls.length + 100;
      const pull: FakePull = { number, title: body.title, body: body.body, user: { login: 'opsbot' }, labels: [], state: 'open', merged_at: null, head: { ref: body.head }, base: { ref: body.base }, html_url: `https://github.example/${this.repository}/pull/${number}` };
      this.pulls.push(pull);
      return { status: 201, body: pull };
    }
    const update = /^\/pulls\/(\d+)$/.exec(route);
    if (method === 'PATCH' && update) {
      const pull = this.pulls.find((entry) => entry.number === Number(update[1]));
      if (!pull) return notFound();
      Object.assign(pull, { title: body.title ?? pull.title, body: body.body ?? pull.body });
      return { status: 200, body: pull };
    }
    return notFound();
  }

  /**
   * https://docs.github.com/rest/repos/contents: GET a file at `ref` (404 when absent); PUT creates (201) or, with the
   * current blob `sha`, updates (200) it on `branch`; an update without the right sha is refused (409/422).
   */
  private contents(method: string, path: string, body: { message?: string; content?: string; branch?: string; sha?: string } | undefined, ref: string | null): { status: number; body?: unknown } {
    if (method === 'GET') {
      const file = this.files.get(`${ref ?? 'main'}:${path}`);
      return file ? { status: 200, body: { type: 'file', path, sha: file.sha, encoding: 'base64', content: Buffer.from(file.content).toString('base64') } } : notFound();
    }
    if (method !== 'PUT' || !body?.message || body.content === undefined) return { status: 422, body: { message: 'Invalid request', documentation_url: 'https://docs.github.com/rest/repos/contents' } };
    const branch = body.branch ?? 'main';
    if (!this.refs.has(`heads/${branch}`)) return { status: 404, body: { message: `Branch ${branch} not found` } };
    const key = `${branch}:${path}`;
    const existing = this.files.get(key);
    if (existing && body.sha !== existing.sha) return { status: 409, body: { message: `${path} does not match ${body.sha ?? 'no sha'}` } };
    if (!existing && body.sha) return { status: 422, body: { message: 'sha given for a file that does not exist' } };
    const sha = createHash('sha1').update(body.content).digest('hex');
    this.files.set(key, { content: Buffer.from(body.content, 'base64').toString('utf8'), sha });
    return { status: existing ? 200 : 201, body: { content: { path, sha }, commit: { sha: createHash('sha1').update(key + sha).digest('hex') } } };
  }
}

function notFound() {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
}
