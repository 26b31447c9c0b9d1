import type { Octokit } from '@octokit/rest';

/** A check that keeps a ref from deploying, by its commit-status context or check-run name. */
export interface BlockingCheck {
  name: string;
  state: string;
}

/**
 * The checks that made GitHub answer 409 to a deployment. GitHub names them in the error body
 * (`errors[].contexts[]`); when it does not, the commit's statuses and check runs are read instead.
 */
export async function blockingChecks(octokit: Octokit, repository: string, ref: string, error: unknown): Promise<BlockingCheck[]> {
  const named = namedInError(error);
  if (named.length) return named;
  const [owner, repo] = repository.split('/') as [string, string];
  const [combined, runs] = await Promise.all([
    octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref }).catch(() => undefined),
    octokit.rest.checks.listForRef({ owner, repo, ref }).catch(() => undefined),
  ]);
  const statuses = (combined?.data.statuses ?? []).filter((status) => status.state !== 'success').map((status) => ({ name: status.context, state: status.state }));
  const checks = (runs?.data.check_runs ?? [])
    .filter((run) => run.status !== 'completed' || !['success', 'neutral', 'skipped'].includes(run.conclusion ?? ''))
    .map((run) => ({ name: run.name, state: run.status === 'completed' ? (run.conclusion ?? 'failure') : 'pending' }));
  return [...statuses, ...checks];
}

/** `failing: ci/build; pending: ci/e2e` */
export function describeChecks(checks: BlockingCheck[]): string {
  const failing = checks.filter((check) => check.state !== 'pending' && check.state !== 'queued' && check.state !== 'in_progress');
  const pending = checks.filter((check) => !failing.includes(check));
  const parts = [failing.length ? `failing: ${failing.map((check) => `${check.name} (${check.state})`).join(', ')}` : '', pending.length ? `pending: ${pending.map((check) => check.name).join(', ')}` : ''].filter(Boolean);
  return parts.join('; ') || 'GitHub did not say which';
}

function namedInError(error: unknown): BlockingCheck[] {
  const errors = (error as { response?: { data?: { errors?: unknown } } }).response?.data?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: { contexts?: Array<{ context?: string; state?: string }> }) =>
    Array.isArray(entry?.contexts) ? entry.contexts.filter((context) => context.context && context.state !== 'success').map((context) => ({ name: context.context!, state: context.state ?? 'pending' })) : [],
  );
}
