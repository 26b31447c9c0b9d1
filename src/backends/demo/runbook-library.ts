import type { Runbook } from '../ports/runbooks.js';

const BASE_URL = 'https://runbooks.example.com';

function runbook(name: string, title: string, appliesTo: string[], steps: string[]): Runbook {
  return { name, title, appliesTo, steps, url: `${BASE_URL}/${name}` };
}

/** The demo's built-in runbooks: one per alert rule and a couple per demo service. */
export const RUNBOOKS: Runbook[] = [
  runbook('high-error-rate', 'High error rate', ['HighErrorRate'], [
    'Check whether a deploy just happened (deploy history); if so, roll back first and investigate after.',
    'Open the service status to see which component carries the errors.',
    'Look at the error breakdown by endpoint and status code in the dashboard.',
    'If a dependency is failing, page its team; if errors exceed 5% for 10 minutes, declare an incident.',
  ]),
  runbook('high-latency', 'High p95 latency', ['HighLatency'], [
    'Compare request rate with the same time yesterday: is this load or a slowdown?',
    'Check the slowest component in the service status and its database or upstream calls.',
    'If load: scale out the affected component. If a slowdown after a deploy: roll back.',
    'Escalate to the owning team if latency stays above twice the objective for 15 minutes.',
  ]),
  runbook('high-cpu', 'High CPU', ['HighCpu'], [
    'Check whether traffic rose (metrics) or a background job is running.',
    'Scale out the component; CPU above 95% will soon turn into latency.',
    'Capture a CPU profile from one instance before restarting anything.',
  ]),
  runbook('deploy-failed', 'Failed deploy', ['DeployFailed'], [
    'The deploy system already reverted the instances; confirm the previous version is running (status).',
    'Read the failed deploy message in deploy history: which health check failed and where.',
    'Do not retry the same version: fix it and deploy a new one, first to staging.',
  ]),
  runbook('frontend-cdn-purge', 'Frontend: purge the CDN cache', ['frontend', 'cdn'], [
    'Confirm stale or broken assets are being served (compare asset hashes with the running version).',
    'Purge the affected paths first, not the whole zone, to spare the origin.',
    'Watch frontend request rate and origin CPU for 10 minutes after the purge.',
  ]),
  runbook('frontend-blank-page', 'Frontend: users see a blank page', ['frontend', 'web'], [
    'Check browser error reports for a JavaScript exception introduced by the last deploy.',
    'Roll back frontend if the error started with a deploy.',
    'Check that the api is healthy: the app renders nothing when its first API call fails.',
  ]),
  runbook('api-database-connections', 'API: database connections exhausted', ['api', 'database'], [
    'Look for "too many connections" in the api workers and gateway logs.',
    'Find long-running queries and cancel the ones from batch jobs first.',
    'Lower the worker concurrency, then scale the connection pool back up once latency recovers.',
  ]),
  runbook('api-worker-backlog', 'API: worker queue backlog', ['api', 'workers'], [
    'Check queue depth and the age of the oldest job.',
    'Scale out workers; if jobs fail repeatedly, pause the producer of the failing job type.',
  ]),
  runbook('auth-login-failures', 'Auth: login failures', ['auth', 'login'], [
    'Check whether failures come from one identity provider or all of them.',
    'Verify the signing keys and their rotation date; an expired key fails every login.',
    'If a credential-stuffing attack: enable the stricter rate limit and tell security.',
  ]),
  runbook('auth-session-store', 'Auth: session store unavailable', ['auth', 'sessions'], [
    'Check the session store cluster health and failover state.',
    'Users stay logged in on cached sessions for 15 minutes: restore the store before then.',
  ]),
  runbook('payments-psp-outage', 'Payments: payment provider outage', ['payments', 'psp-gateway'], [
    'Check the provider status page and our psp-gateway error rate by provider.',
    'Switch checkout to the secondary provider (feature flag payments.secondary-psp).',
    'Never retry captures by hand: the ledger reconciles them when the provider recovers.',
  ]),
  runbook('payments-ledger-mismatch', 'Payments: ledger mismatch', ['payments', 'ledger', 'checkout'], [
    'Freeze payouts (feature flag payments.payouts-paused) before anything else.',
    'Run the reconciliation report for the last hour and attach it to the incident.',
    'Declare an incident with severity high; finance must be told within 30 minutes.',
  ]),
];
