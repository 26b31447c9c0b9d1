import type { Octokit } from '@octokit/rest';
import { ToolFailure } from '../../errors.js';
import { statusOf } from './github-client.js';

/** A version resolved in the repository: the ref to deploy and what it points at. */
export interface ResolvedRef {
  ref: string;
  kind: 'tag' | 'branch' | 'commit';
  sha: string;
}

/**
 * Resolves what a person called a version to a ref GitHub can deploy: a tag (with or without the leading `v`),
 * a branch, or a commit SHA. Unknown refs are refused, so nobody is asked to confirm a deploy of nothing.
 */
export async function resolveRef(octokit: Octokit, repository: string, version: string): Promise<ResolvedRef> {
  const [owner, repo] = repository.split('/') as [string, string];
  const name = version.trim();
  const toggled = name.startsWith('v') ? name.slice(1) : `v${name}`;
  for (const tag of [name, toggled]) {
    const sha = await refSha(octokit, owner, repo, `tags/${tag}`);
    if (sha) return { ref: tag, kind: 'tag', sha };
  }
  const branch = await refSha(octokit, owner, repo, `heads/${name}`);
  if (branch) return { ref: name, kind: 'branch', sha: branch };
  if (/^[0-9a-f]{7,40}$/i.test(name)) {
    try {
      const commit = await octokit.rest.repos.getCommit({ owner, repo, ref: name });
      return { ref: commit.data.sha, kind: 'commit', sha: commit.data.sha };
    } catch (error) {
      if (statusOf(error) !== 404 && statusOf(error) !== 422) throw error;
    }
  }
  throw new ToolFailure(`${repository} has no tag, branch or commit called "${name}"; nothing to deploy.`);
}

export function describeRef(resolved: ResolvedRef): string {
  return resolved.kind === 'commit' ? `commit ${resolved.sha.slice(0, 7)}` : `${resolved.kind} ${resolved.ref} at ${resolved.sha.slice(0, 7)}`;
}

async function refSha(octokit: Octokit, owner: string, repo: string, ref: string): Promise<string | null> {
  try {
    const found = await octokit.rest.git.getRef({ owner, repo, ref });
    return found.data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
