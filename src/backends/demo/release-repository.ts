import type { PullSummary } from '../ports/releases.js';

/** A merged pull request in the simulated repository; `releasedIn` is set when a release including it is published. */
export interface StoredPull extends PullSummary {
  releasedIn: string | null;
}

/** A prepared, not yet published release: its branch and open release PR. */
export interface StoredPreparation {
  version: string;
  branch: string;
  pullRequestNumber: number;
  title: string;
  body: string;
  pullNumbers: number[];
  previousRelease: string | null;
  preparedAt: string;
  preparedBy: string;
}

/** A published release: its tag and notes. */
export interface StoredRelease {
  version: string;
  tag: string;
  url: string;
  notes: string;
  publishedAt: string;
  publishedBy: string;
  pullNumbers: number[];
}

/** The whole simulated release repository, one kv document so prepare and publish are each one transaction. */
export interface ReleaseRepository {
  repository: string;
  integrationBranch: string;
  /** Pull requests and release PRs share one numbering, as on GitHub. */
  nextNumber: number;
  pulls: StoredPull[];
  branches: string[];
  preparations: StoredPreparation[];
  releases: StoredRelease[];
}

/** Web address of a pull request in the simulated repository. */
export function pullUrl(repository: string, number: number): string {
  return `https://github.com/${repository}/pull/${number}`;
}

/** Web address of a published release. */
export function releaseUrl(repository: string, tag: string): string {
  return `https://github.com/${repository}/releases/tag/${tag}`;
}

