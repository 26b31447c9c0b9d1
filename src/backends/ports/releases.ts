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

/** A file proposed to a repository as a pull request (a postmortem draft): one branch, one commit, one PR. */
export interface FileProposal {
  /** `owner/name` */
  repository: string;
  path: string;
  content: string;
  branch: string;
  title: string;
  body: string;
  requestedBy: string;
}

/** The pull request a file proposal opened (or found open on the same branch and updated). */
export interface FilePullRequest {
  number: number;
  url: string;
  branch: string;
  created: boolean;
}

/** Prepares release branches and pull requests and publishes releases. */
export interface ReleasesPort {
  /** Commits `content` at `path` on `branch` (from the default branch) and opens a PR for it, or updates the open one. */
  proposeFile(request: FileProposal): Promise<FilePullRequest>;
  /** Branch from the integration branch, collect release-labelled PRs merged since the last release, open or update the release PR. */
  prepare(request: { version?: string; requestedBy: string }): Promise<ReleasePreparation>;
  publish(request: { version: string; requestedBy: string }): Promise<ReleasePublication>;
  latest(): Promise<ReleasePublication | null>;
}
