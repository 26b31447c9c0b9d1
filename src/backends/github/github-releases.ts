import { Octokit } from '@octokit/rest';
import { ToolFailure } from '../../errors.js';
import { redactText, registerSecret } from '../../util/redact.js';
import { nextCalendarVersion, releaseNotes, releasePullBody } from '../release-notes.js';
import type { FilePullRequest, FileProposal, PullSummary, ReleasePreparation, ReleasePublication, ReleasesPort } from '../ports/releases.js';

/** Where and how the GitHub adapter works: one repository, its integration branch and the label that marks release PRs. */
export interface GitHubReleasesOptions {
  repository: string;
  integrationBranch: string;
  label: string;
  token: string;
  /** REST base URL: GitHub Enterprise, or a loopback server in tests. */
  apiUrl?: string;
  now?: () => Date;
}

/** ReleasesPort over the GitHub REST API (release branch, release PR, tag and release notes). */
export class GitHubReleases implements ReleasesPort {
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private readonly now: () => Date;

  constructor(private readonly options: GitHubReleasesOptions) {
    registerSecret(options.token);
    const [owner, repo] = options.repository.split('/') as [string, string];
    this.owner = owner;
    this.repo = repo;
    this.now = options.now ?? (() => new Date());
    // Quiet: probing for a file or a release answers 404 by design; real refusals reach the person instead.
    const quiet = () => undefined;
    this.octokit = new Octokit({ auth: options.token, baseUrl: options.apiUrl, userAgent: 'opsbot', request: { retries: 0 }, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
  }

  async prepare(request: { version?: string; requestedBy: string }): Promise<ReleasePreparation> {
    return this.guard('prepare the release', async () => {
      const previous = await this.latest();
      const version = request.version ?? nextCalendarVersion(previous?.tag ?? null, this.now());
      const branch = `release/${version}`;
      const base = await this.octokit.rest.git.getRef({ owner: this.owner, repo: this.repo, ref: `heads/${this.options.integrationBranch}` });
      const branchCreated = await this.ensureBranch(branch, base.data.object.sha);
      const pulls = await this.mergedSince(previous ? await this.releaseDate(previous.tag) : null);
      const title = `Release ${version}`;
      const body = releasePullBody(version, previous?.tag ?? null, pulls, request.requestedBy, this.now().toISOString());
      const open = await this.octokit.rest.pulls.list({ owner: this.owner, repo: this.repo, state: 'open', head: `${this.owner}:${branch}`, base: this.options.integrationBranch });
      const existing = open.data[0];
      const pull = existing
        ? (await this.octokit.rest.pulls.update({ owner: this.owner, repo: this.repo, pull_number: existing.number, title, body })).data
        : (await this.octokit.rest.pulls.create({ owner: this.owner, repo: this.repo, title, body, head: branch, base: this.options.integrationBranch })).data;
      return {
        version,
        branch,
        branchCreated,
        pullRequest: { number: pull.number, url: pull.html_url, title, body, created: !existing },
        pulls,
        previousRelease: previous?.tag ?? null,
      };
    });
  }

  async publish(request: { version: string; requestedBy: string }): Promise<ReleasePublication> {
    return this.guard('publish the release', async () => {
      const branch = `release/${request.version}`;
      if (!(await this.branchExists(branch))) throw new ToolFailure(`No branch ${branch}: prepare release ${request.version} first.`);
      const previous = await this.latest();
      const pulls = await this.mergedSince(previous ? await this.releaseDate(previous.tag) : null);
      const notes = releaseNotes(request.version, previous?.tag ?? null, pulls);
      const release = await this.octokit.rest.repos.createRelease({ owner: this.owner, repo: this.repo, tag_name: request.version, target_commitish: branch, name: request.version, body: notes });
      return { version: request.version, tag: release.data.tag_name, url: release.data.html_url, notes };
    });
  }

  async proposeFile(request: FileProposal): Promise<FilePullRequest> {
    const [owner, repo] = request.repository.split('/') as [string, string];
    const where = { owner, repo };
    return this.guard(`propose ${request.path} in ${request.repository}`, async () => {
      const base = (await this.octokit.rest.repos.get(where)).data.default_branch;
      const head = await this.octokit.rest.git.getRef({ ...where, ref: `heads/${base}` });
      try {
        await this.octokit.rest.git.createRef({ ...where, ref: `refs/heads/${request.branch}`, sha: head.data.object.sha });
      } catch (error) {
        // 422: the branch exists (an earlier draft); the file is updated on it below.
        if (statusOf(error) !== 422) throw error;
      }
      const existing = await this.fileSha(where, request.path, request.branch);
      await this.octokit.rest.repos.createOrUpdateFileContents({ ...where, path: request.path, branch: request.branch, message: request.title, content: Buffer.from(request.content, 'utf8').toString('base64'), ...(existing ? { sha: existing } : {}) });
      const open = await this.octokit.rest.pulls.list({ ...where, state: 'open', head: `${owner}:${request.branch}`, base });
      const found = open.data[0];
      const pull = found
        ? (await this.octokit.rest.pulls.update({ ...where, pull_number: found.number, title: request.title, body: request.body })).data
        : (await this.octokit.rest.pulls.create({ ...where, title: request.title, body: request.body, head: request.branch, base })).data;
      return { number: pull.number, url: pull.html_url, branch: request.branch, created: !found };
    });
  }

  private async fileSha(where: { owner: string; repo: string }, path: string, ref: string): Promise<string | undefined> {
    try {
      const file = await this.octokit.rest.repos.getContent({ ...where, path, ref });
      return Array.isArray(file.data) ? undefined : file.data.sha;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async latest(): Promise<ReleasePublication | null> {
    try {
      const release = await this.octokit.rest.repos.getLatestRelease({ owner: this.owner, repo: this.repo });
      return { version: release.data.tag_name, tag: release.data.tag_name, url: release.data.html_url, notes: release.data.body ?? '' };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw this.readable('read the latest release', error);
    }
  }

  private async releaseDate(tag: string): Promise<string> {
    const release = await this.octokit.rest.repos.getReleaseByTag({ owner: this.owner, repo: this.repo, tag });
    return release.data.published_at ?? release.data.created_at;
  }

  /** Release-labelled PRs merged into the integration branch after `since`. */
  private async mergedSince(since: string | null): Promise<PullSummary[]> {
    const closed = await this.octokit.paginate(this.octokit.rest.pulls.list, { owner: this.owner, repo: this.repo, state: 'closed', base: this.options.integrationBranch, per_page: 100 });
    return closed
      .filter((pull) => pull.merged_at && (!since || pull.merged_at > since))
      .filter((pull) => pull.labels.some((label) => label.name === this.options.label))
      .map((pull) => ({ number: pull.number, title: pull.title, author: pull.user?.login ?? 'unknown', labels: pull.labels.map((label) => label.name ?? ''), mergedAt: pull.merged_at!, url: pull.html_url }))
      .sort((left, right) => left.number - right.number);
  }

  private async ensureBranch(branch: string, sha: string): Promise<boolean> {
    if (await this.branchExists(branch)) return false;
    await this.octokit.rest.git.createRef({ owner: this.owner, repo: this.repo, ref: `refs/heads/${branch}`, sha });
    return true;
  }

  private async branchExists(branch: string): Promise<boolean> {
    try {
      await this.octokit.rest.git.getRef({ owner: this.owner, repo: this.repo, ref: `heads/${branch}` });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.readable(what, error);
    }
  }

  /** GitHub's refusals (403, 404, 422) become readable tool failures; the token never appears in them. */
  private readable(what: string, error: unknown): Error {
    if (error instanceof ToolFailure) return error;
    const status = statusOf(error);
    const message = redactText(error instanceof Error ? error.message : String(error));
    if (status === 401) return new ToolFailure(`GitHub refused the credentials while trying to ${what} in ${this.options.repository} (401). Check GITHUB_TOKEN.`);
    if (status && status < 500) return new ToolFailure(`GitHub could not ${what} in ${this.options.repository} (${status}): ${message}`);
    return new Error(`GitHub unavailable while trying to ${what}: ${message}`);
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : undefined;
}
