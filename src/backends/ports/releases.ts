// Releases port: preparing a release branch and pull request and publishing the release (GitHub, or the demo repository).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** A merged pull request, as a release note line. */
export interface PullSummary {
  number: number;
  title: string;
  author: string;
  labels: string[];
  mergedAt: string;
  url: string;
}

/** What preparing a release did: its branch, its pull request and the changes it collects. */
export interface ReleasePreparation {
  version: string;
  branch: string;
  /** Whether the branch was created now (false: it existed and was reused). */
  branchCreated: boolean;
  pullRequest: { number: number; url: string; title: string; body: string; created: boolean };
  pulls: PullSummary[];
  previousRelease: string | null;
}

/** A published release and its notes. */
export interface ReleasePublication {
  version: string;
  tag: string;
  url: string;
  notes: string;
}

/** Prepares release branches and pull requests and publishes releases. */
export interface ReleasesPort {
  /** Branch from the integration branch, collect release-labelled PRs merged since the last release, open or update the release PR. */
  prepare(request: { version?: string; requestedBy: string }): Promise<ReleasePreparation>;
  publish(request: { version: string; requestedBy: string }): Promise<ReleasePublication>;
  latest(): Promise<ReleasePublication | null>;
}
