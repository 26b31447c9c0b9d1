import { Octokit } from '@octokit/rest';
import { ToolFailure } from '../../errors.js';
import { redactText, registerSecret } from '../../util/redact.js';

// A secondary rate limit asks for a pause; longer than this and the person is told instead of kept waiting.
const MAX_RETRY_WAIT_SECONDS = 60;
const MAX_RETRIES = 2;

/**
 * Octokit for one GitHub (github.com, Enterprise, or a loopback server in tests) that honours rate limits:
 * a 403/429 with `retry-after` (secondary limits) or an exhausted `x-ratelimit-remaining` is retried after the
 * time GitHub names, a bounded number of times.
 */
export function gitHubClient(options: { token: string; apiUrl?: string; sleep?: (ms: number) => Promise<void> }): Octokit {
  registerSecret(options.token);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Quiet by default: probing refs answers 404 by design, and every real refusal is reported to the person instead.
  const quiet = () => undefined;
  const octokit = new Octokit({ auth: options.token, baseUrl: options.apiUrl, userAgent: 'opsbot', request: { retries: 0 }, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = retryAfterSeconds(error);
        if (wait === undefined || attempt >= MAX_RETRIES) throw error;
        if (wait > MAX_RETRY_WAIT_SECONDS) throw new ToolFailure(`GitHub is rate-limiting opsbot; try again in ${Math.ceil(wait / 60)} min.`);
        await sleep(wait * 1000);
      }
    }
  });
  return octokit;
}

/** Seconds GitHub asks us to wait, when the error is a rate limit; undefined otherwise. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  if (headers['retry-after'] !== undefined) return Math.max(0, Number(headers['retry-after']) || 0);
  if (headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset']) return Math.max(0, Number(headers['x-ratelimit-reset']) - Math.floor(Date.now() / 1000));
  return undefined;
}

export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : undefined;
}

/** GitHub's own words from an error envelope (`{ message, documentation_url }`), token-free. */
export function gitHubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  const message = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
  return redactText(message);
}

/** GitHub's refusals become readable tool failures; an unreachable or failing GitHub is a fault with the reason. */
export function readableGitHubError(what: string, repository: string, error: unknown): Error {
  if (error instanceof ToolFailure) return error;
  const status = statusOf(error);
  const message = gitHubMessage(error);
  if (status === 401) return new ToolFailure(`GitHub refused the credentials while trying to ${what} in ${repository} (401). Check GITHUB_TOKEN.`);
  if (status && status < 500) return new ToolFailure(`GitHub could not ${what} in ${repository} (${status}): ${message}`);
  return new ToolFailure(`GitHub is unavailable (${status ?? 'no answer'}) while trying to ${what} in ${repository}: ${message}. Nothing was changed by opsbot; try again later.`);
}

/** The web address matching an API address: api.github.com → github.com, `https://ghe/api/v3` → `https://ghe`. */
export function webUrlOf(apiUrl: string | undefined): string {
  if (!apiUrl || /^https:\/\/api\.github\.com\/?$/.test(apiUrl)) return 'https://github.com';
  return apiUrl.replace(/\/api\/v3\/?$/, '').replace(/\/$/, '');
}
