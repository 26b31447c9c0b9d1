import { ToolFailure } from '../../errors.js';
import type { FilePullRequest, FileProposal, PullSummary, ReleasePreparation, ReleasePublication, ReleasesPort } from '../ports/releases.js';
import type { DemoContext } from './demo-context.js';
import { nextCalendarVersion, releaseNotes, releasePullBody } from '../release-notes.js';
import { type ReleaseRepository, type StoredPreparation, type StoredPull, type StoredRelease, pullUrl, releaseUrl } from './release-repository.js';
import { seedReleaseRepository } from './release-seed.js';
import { normalizeVersion } from './version-label.js';

const NAMESPACE = 'demo-releases';
const KEY = 'repository';
const RELEASE_LABEL = 'release';
// Proposed files by repository: the demo's pull requests to repositories other than the release repository.
const PROPOSALS = 'demo-file-proposals';

interface StoredProposals {
  next: number;
  pulls: Array<{ number: number; url: string; branch: string; path: string; content: string; title: string; body: string; by: string }>;
}

/** Simulated GitHub release flow: release branch and PR from merged, release-labelled PRs; tag and notes on publish. */
export class DemoReleases implements ReleasesPort {
  constructor(private readonly context: DemoContext) {}

  async prepare(request: { version?: string; requestedBy: string }): Promise<ReleasePreparation> {
    const now = this.context.now();
    let result: ReleasePreparation | undefined;
    await this.change((repository) => {
      const previous = repository.releases.at(-1) ?? null;
      const version = request.version ? normalizeVersion(request.version) : nextCalendarVersion(previous?.tag ?? null, now);
      const published = repository.releases.find((release) => release.version === version);
      if (published) throw new ToolFailure(`${version} is already published (${published.url}); prepare a newer version.`);
      const branch = `release/${version}`;
      const branchCreated = !repository.branches.includes(branch);
      const existing = repository.preparations.find((preparation) => preparation.version === version);
      const pulls = repository.pulls
        .filter((pull) => pull.labels.includes(RELEASE_LABEL) && pull.releasedIn === null && Date.parse(pull.mergedAt) <= now.getTime())
        .sort((left, right) => left.number - right.number);
      const number = existing?.pullRequestNumber ?? repository.nextNumber;
      const preparation: StoredPreparation = {
        version,
        branch,
        pullRequestNumber: number,
        title: `Release ${version}`,
        body: releasePullBody(version, previous?.tag ?? null, pulls.map(summary), request.requestedBy, now.toISOString()),
        pullNumbers: pulls.map((pull) => pull.number),
        previousRelease: previous?.tag ?? null,
        preparedAt: now.toISOString(),
        preparedBy: request.requestedBy,
      };
      result = {
        version,
        branch,
        branchCreated,
        pullRequest: { number, url: pullUrl(repository.repository, number), title: preparation.title, body: preparation.body, created: !existing },
        pulls: pulls.map(summary),
        previousRelease: previous?.tag ?? null,
      };
      return {
        ...repository,
        nextNumber: existing ? repository.nextNumber : repository.nextNumber + 1,
        branches: branchCreated ? [...repository.branches, branch] : repository.branches,
        // Running prepare again updates the same release PR in place.
        preparations: [...repository.preparations.filter((entry) => entry.version !== version), preparation],
      };
    });
    return result!;
  }

  async publish(request: { version: string; requestedBy: string }): Promise<ReleasePublication> {
    const version = normalizeVersion(request.version);
    const now = this.context.now();
    let release: StoredRelease | undefined;
    await this.change((repository) => {
      const preparation = repository.preparations.find((entry) => entry.version === version);
      if (!preparation) {
        const published = repository.releases.find((entry) => entry.version === version);
        if (published) throw new ToolFailure(`${version} is already published (${published.url}).`);
        const open = repository.preparations.map((entry) => entry.version);
        throw new ToolFailure(`No prepared release ${version}: prepare it first.${open.length ? ` Prepared: ${open.join(', ')}.` : ''}`);
      }
      // What the release PR listed is what ships; work merged after the last prepare waits for the next release.
      const shipped = repository.pulls.filter((pull) => preparation.pullNumbers.includes(pull.number) && pull.releasedIn === null);
      release = {
        version,
        tag: version,
        url: releaseUrl(repository.repository, version),
        notes: releaseNotes(version, preparation.previousRelease, shipped.map(summary)),
        publishedAt: now.toISOString(),
        publishedBy: request.requestedBy,
        pullNumbers: shipped.map((pull) => pull.number),
      };
      const shippedNumbers = new Set(release.pullNumbers);
      return {
        ...repository,
        pulls: repository.pulls.map((pull) => (shippedNumbers.has(pull.number) ? { ...pull, releasedIn: version } : pull)),
        preparations: repository.preparations.filter((entry) => entry.version !== version),
        releases: [...repository.releases, release],
      };
    });
    return publication(release!);
  }

  async latest(): Promise<ReleasePublication | null> {
    const latest = (await this.repository()).releases.at(-1);
    return latest ? publication(latest) : null;
  }

  async proposeFile(request: FileProposal): Promise<FilePullRequest> {
    let result: FilePullRequest | undefined;
    await this.context.kv.update<StoredProposals>(PROPOSALS, request.repository, () => ({ next: 1, pulls: [] }), (stored) => {
      const existing = stored.pulls.find((pull) => pull.branch === request.branch);
      if (existing) {
        result = { number: existing.number, url: existing.url, branch: existing.branch, created: false };
        return { ...stored, pulls: stored.pulls.map((pull) => (pull === existing ? { ...pull, path: request.path, content: request.content, title: request.title, body: request.body } : pull)) };
      }
      const url = pullUrl(request.repository, stored.next);
      result = { number: stored.next, url, branch: request.branch, created: true };
      return { next: stored.next + 1, pulls: [...stored.pulls, { number: stored.next, url, branch: request.branch, path: request.path, content: request.content, title: request.title, body: request.body, by: request.requestedBy }] };
    });
    return result!;
  }

  /** Files proposed to `repository` as pull requests (tests and demos read them). */
  async proposals(repository: string): Promise<StoredProposals['pulls']> {
    return (await this.context.kv.get<StoredProposals>(PROPOSALS, repository))?.pulls ?? [];
  }

  /** Simulates someone merging a pull request into the integration branch (tests and demos use it). */
  async addMergedPull(pull: { title: string; author: string; labels: string[]; mergedAt?: Date }): Promise<PullSummary> {
    const mergedAt = (pull.mergedAt ?? this.context.now()).toISOString();
    let added: StoredPull | undefined;
    await this.change((repository) => {
      added = { number: repository.nextNumber, title: pull.title, author: pull.author, labels: pull.labels, mergedAt, url: pullUrl(repository.repository, repository.nextNumber), releasedIn: null };
      return { ...repository, nextNumber: repository.nextNumber + 1, pulls: [...repository.pulls, added] };
    });
    return summary(added!);
  }

  /** Merged pull requests not yet in a published release. */
  async unreleasedPulls(): Promise<PullSummary[]> {
    return (await this.repository()).pulls.filter((pull) => pull.releasedIn === null).map(summary);
  }

  private async repository(): Promise<ReleaseRepository> {
    return (await this.context.kv.get<ReleaseRepository>(NAMESPACE, KEY)) ?? this.change((repository) => repository);
  }

  private change(apply: (repository: ReleaseRepository) => ReleaseRepository): Promise<ReleaseRepository> {
    return this.context.kv.update<ReleaseRepository>(NAMESPACE, KEY, () => seedReleaseRepository(this.context.now()), apply);
  }
}

function summary(pull: StoredPull | PullSummary): PullSummary {
  return { number: pull.number, title: pull.title, author: pull.author, labels: [...pull.labels], mergedAt: pull.mergedAt, url: pull.url };
}

function publication(release: StoredRelease): ReleasePublication {
  return { version: release.version, tag: release.tag, url: release.url, notes: release.notes };
}
