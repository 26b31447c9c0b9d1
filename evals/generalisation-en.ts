import { type EvalCase, proposed, ran, refused } from './eval-case.js';

/**
 * The generalisation set: phrasings written apart from the router's rules and never used to tune them, so the
 * score says how the router copes with what people really type (typos, word orders, aliases, channel
 * defaults). Demo users: U00VIEWER viewer, U00DEV developer, U00LEAD lead, U00SRE sre. Channels: each
 * demo service owns one (`C0FRONTEND`, `C0API`, `C0AUTH`, `C0PAYMENTS`).
 */
const en = (id: string, user: string, message: string, expect: EvalCase['expect'], channel?: string): EvalCase => ({ id: `gen-en-${id}`, language: 'en', user, message, expect, ...(channel ? { channel } : {}) });

export const generalisationEnglish: EvalCase[] = [
  // Status, overall and per service, in many shapes.
  en('status-bare', 'U00VIEWER', 'status', [ran('service_status')]),
  en('status-bang', 'U00VIEWER', '!status', [ran('service_status')]),
  en('status-slash', 'U00VIEWER', '/status', [ran('service_status')]),
  en('status-mention', 'U00VIEWER', '@opsbot status', [ran('service_status')]),
  en('status-everything', 'U00DEV', 'is everything ok?', [ran('service_status')]),
  en('status-anything-broken', 'U00DEV', 'anything broken right now?', [ran('service_status')]),
  en('status-prod-overview', 'U00VIEWER', 'give me the production overview', [ran('service_status', { environment: 'production' })]),
  en('status-one-bang', 'U00VIEWER', '!status api', [ran('service_status', { service: 'api' })]),
  en('status-check', 'U00VIEWER', 'check payments', [ran('service_status', { service: 'payments' })]),
  en('status-check-bang', 'U00DEV', '!check auth', [ran('service_status', { service: 'auth' })]),
  en('status-hyphen-service', 'U00VIEWER', 'status auth-service', [ran('service_status', { service: 'auth' })]),
  en('status-spaced-service', 'U00VIEWER', 'how is the auth service doing', [ran('service_status', { service: 'auth' })]),
  en('status-the-service', 'U00VIEWER', 'is the payments service up?', [ran('service_status', { service: 'payments' })]),
  en('status-typo', 'U00VIEWER', 'stauts frontend', [ran('service_status', { service: 'frontend' })]),
  en('status-typo-service', 'U00VIEWER', 'status frontnd', [ran('service_status', { service: 'frontend' })]),
  en('status-alias-login', 'U00VIEWER', 'is login healthy?', [ran('service_status', { service: 'auth' })]),
  en('status-alias-billing', 'U00VIEWER', 'status billing', [ran('service_status', { service: 'payments' })]),
  en('status-staging', 'U00DEV', 'how does api look in staging', [ran('service_status', { service: 'api', environment: 'staging' })]),
  en('status-env-first', 'U00DEV', 'staging status for frontend', [ran('service_status', { service: 'frontend', environment: 'staging' })]),
  en('status-channel-default', 'U00VIEWER', 'status here', [ran('service_status', { service: 'payments' })], 'C0PAYMENTS'),
  en('status-version', 'U00VIEWER', 'which version of auth is live?', [ran('service_status', { service: 'auth' })]),
  en('status-whats-deployed', 'U00VIEWER', "what's deployed to staging?", [ran('service_status', { environment: 'staging' })]),
  en('status-down', 'U00SRE', 'is api down?', [ran('service_status', { service: 'api' })]),

  // Metrics.
  en('metrics-load', 'U00VIEWER', 'api load', [ran('service_metrics', { service: 'api' })]),
  en('metrics-traffic', 'U00VIEWER', 'how much traffic is payments getting?', [ran('service_metrics', { service: 'payments' })]),
  en('metrics-latency', 'U00DEV', "what's the p95 latency on auth", [ran('service_metrics', { service: 'auth' })]),
  en('metrics-cpu-range', 'U00DEV', 'frontend cpu over the last 24h', [ran('service_metrics', { service: 'frontend', range: '24h' })]),
  en('metrics-errors', 'U00SRE', 'error rate for api in prod', [ran('service_metrics', { service: 'api', environment: 'production' })]),
  en('metrics-graph', 'U00VIEWER', 'show me a graph of frontend requests', [ran('service_metrics', { service: 'frontend' })]),
  en('metrics-six-hours', 'U00SRE', 'payments latency past 6 hours', [ran('service_metrics', { service: 'payments', range: '6h' })]),
  en('metrics-typo', 'U00VIEWER', "hows frontned load?", [ran('service_metrics', { service: 'frontend' })]),
  en('metrics-alias', 'U00VIEWER', 'how busy is billing', [ran('service_metrics', { service: 'payments' })]),
  en('metrics-status-load', 'U00VIEWER', 'status api load 15m', [ran('service_metrics', { service: 'api', range: '15m' })]),
  en('metrics-channel', 'U00VIEWER', "how's the load?", [ran('service_metrics', { service: 'frontend' })], 'C0FRONTEND'),

  // Status watches.
  en('stalk-bare', 'U00DEV', 'status stalk', [ran('status_watch', { action: 'stalk' })]),
  en('stalk-bang', 'U00DEV', '!status stalk', [ran('status_watch', { action: 'stalk' })]),
  en('unstalk-bang', 'U00DEV', '!status unstalk', [ran('status_watch', { action: 'unstalk' })]),
  en('stalk-service', 'U00DEV', 'status stalk payments', [ran('status_watch', { action: 'stalk', service: 'payments' })]),
  en('stalk-phrase', 'U00SRE', 'keep an eye on api and tell me if it changes', [ran('status_watch', { action: 'stalk', service: 'api' })]),
  en('unstalk-phrase', 'U00SRE', 'stop watching api', [ran('status_watch', { action: 'unstalk', service: 'api' })]),
  en('watches-list', 'U00DEV', 'what am I watching?', [ran('status_watch', { action: 'list' })]),

  // Deploys: word orders, forms, aliases, channel defaults.
  en('deploy-classic', 'U00DEV', 'deploy api v1.9.0 to staging', [proposed('deploy', { service: 'api', environment: 'staging', version: 'v1.9.0' })]),
  en('deploy-slash-order', 'U00LEAD', '/deploy production v2.4.0 frontend', [proposed('deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' })]),
  en('deploy-env-first', 'U00DEV', 'deploy to staging auth v3.3.0', [proposed('deploy', { service: 'auth', environment: 'staging', version: 'v3.3.0' })]),
  en('deploy-version-first', 'U00DEV', 'deploy v1.9.1 of api to staging', [proposed('deploy', { service: 'api', environment: 'staging', version: 'v1.9.1' })]),
  en('deploy-no-v', 'U00DEV', 'deploy payments 5.2.0 to staging', [proposed('deploy', { service: 'payments', environment: 'staging' })]),
  en('deploy-prerelease', 'U00DEV', 'deploy api v2.0.0-rc.1+build.5 to staging', [proposed('deploy', { service: 'api', environment: 'staging', version: 'v2.0.0-rc.1+build.5' })]),
  en('deploy-ship', 'U00LEAD', 'ship auth v3.3.0 to production', [proposed('deploy', { service: 'auth', environment: 'production', version: 'v3.3.0' })]),
  en('deploy-push', 'U00DEV', 'push frontend v2.5.0 to staging pls', [proposed('deploy', { service: 'frontend', environment: 'staging', version: 'v2.5.0' })]),
  en('deploy-roll-out', 'U00LEAD', 'roll out payments v5.2.0 in prod', [proposed('deploy', { service: 'payments', environment: 'production', version: 'v5.2.0' })]),
  en('deploy-can-you', 'U00DEV', 'can you deploy auth v3.2.1 to staging?', [proposed('deploy', { service: 'auth', environment: 'staging', version: 'v3.2.1' })]),
  en('deploy-typo', 'U00DEV', 'depoly frontend v2.5.0 to staging', [proposed('deploy', { service: 'frontend', environment: 'staging', version: 'v2.5.0' })]),
  // A mistyped name in a change is asked about, never guessed: nothing is proposed until the person says which.
  en('deploy-typo-env', 'U00DEV', 'deploy api v1.9.0 to stagign', [refused('deploy')]),
  en('deploy-hyphen-service', 'U00DEV', 'deploy auth-service v3.2.1 to staging', [proposed('deploy', { service: 'auth', environment: 'staging', version: 'v3.2.1' })]),
  en('deploy-the-service', 'U00DEV', 'deploy the payments service v5.1.3 to staging', [proposed('deploy', { service: 'payments', environment: 'staging', version: 'v5.1.3' })]),
  en('deploy-alias', 'U00DEV', 'deploy login v3.2.1 to staging', [proposed('deploy', { service: 'auth', environment: 'staging', version: 'v3.2.1' })]),
  en('deploy-channel-default', 'U00LEAD', '/deploy production v2.1.0', [proposed('deploy', { service: 'api', environment: 'production', version: 'v2.1.0' })], 'C0API'),
  en('deploy-channel-default-chat', 'U00DEV', 'deploy v2.5.0 to staging', [proposed('deploy', { service: 'frontend', environment: 'staging', version: 'v2.5.0' })], 'C0FRONTEND'),
  en('deploy-bang', 'U00DEV', '!deploy api v1.9.0 staging', [proposed('deploy', { service: 'api', environment: 'staging', version: 'v1.9.0' })]),
  en('deploy-mention', 'U00DEV', '@opsbot deploy frontend v2.5.0 to staging', [proposed('deploy', { service: 'frontend', environment: 'staging', version: 'v2.5.0' })]),
  en('deploy-viewer-refused', 'U00VIEWER', 'deploy api v1.9.0 to staging', [refused('deploy')]),
  en('deploy-dev-prod-refused', 'U00DEV', 'deploy api v1.9.0 to production', [refused('deploy')]),
  en('deploy-sre-refused', 'U00SRE', 'ship frontend v2.5.0 to prod', [refused('deploy')]),

  // Deploy history.
  en('deploy-list', 'U00VIEWER', '/deploy list', [ran('deploy_history')]),
  en('deploy-list-service', 'U00VIEWER', 'deploy list payments', [ran('deploy_history', { service: 'payments' })]),
  en('deploy-list-env', 'U00VIEWER', 'deploy list api production', [ran('deploy_history', { service: 'api', environment: 'production' })]),
  en('deploy-history', 'U00DEV', 'deploy history auth', [ran('deploy_history', { service: 'auth' })]),
  en('deploy-recent', 'U00DEV', 'recent deploys of frontend', [ran('deploy_history', { service: 'frontend' })]),
  en('deploy-who-deployed', 'U00VIEWER', 'who deployed api last?', [ran('deploy_history', { service: 'api' })]),
  en('deploy-when-last', 'U00VIEWER', 'when was payments last deployed', [ran('deploy_history', { service: 'payments' })]),

  // Rollbacks.
  en('rollback-classic', 'U00LEAD', 'rollback auth production', [proposed('rollback', { service: 'auth', environment: 'production' })]),
  en('rollback-spaced', 'U00LEAD', 'roll back frontend in prod', [proposed('rollback', { service: 'frontend', environment: 'production' })]),
  en('rollback-to-version', 'U00LEAD', 'rollback api production to v1.8.3', [proposed('rollback', { service: 'api', environment: 'production', version: 'v1.8.3' })]),
  en('rollback-staging-dev', 'U00DEV', 'revert payments in staging', [proposed('rollback', { service: 'payments', environment: 'staging' })]),
  en('rollback-undo', 'U00LEAD', 'undo the last deploy of auth in production', [proposed('rollback', { service: 'auth', environment: 'production' })]),
  en('rollback-typo', 'U00LEAD', 'rolback api in production', [proposed('rollback', { service: 'api', environment: 'production' })]),
  en('rollback-channel', 'U00LEAD', 'rollback production', [proposed('rollback', { service: 'auth', environment: 'production' })], 'C0AUTH'),
  en('rollback-viewer-refused', 'U00VIEWER', 'roll back api in production', [refused('rollback')]),

  // On-call and the incident commander.
  en('ic-bare', 'U00VIEWER', '!ic', [ran('oncall', { about: 'incident_commander' })]),
  en('ic-plain', 'U00VIEWER', 'ic', [ran('oncall', { about: 'incident_commander' })]),
  en('ic-who-is', 'U00DEV', "who's the IC right now?", [ran('oncall', { about: 'incident_commander' })]),
  en('ic-responders', 'U00VIEWER', '!ic responders', [ran('oncall', { about: 'responders' })]),
  en('ic-everyone', 'U00DEV', 'who is on call everywhere?', [ran('oncall', { about: 'responders' })]),
  en('ic-who-name', 'U00DEV', '!ic who Priya', [ran('oncall', { about: 'person' })]),
  en('ic-who-id', 'U00DEV', '!ic who U00PAY2', [ran('oncall', { about: 'person' })]),
  en('ic-who-mention', 'U00DEV', '!ic who <@U00WEB1>', [ran('oncall', { about: 'person' })]),
  en('contact-phrase', 'U00SRE', 'how do I reach Abe?', [ran('oncall', { about: 'person' })]),
  en('oncall-team', 'U00VIEWER', 'oncall identity', [ran('oncall', { about: 'team', team: 'identity' })]),
  en('oncall-service', 'U00VIEWER', 'oncall auth', [ran('oncall', { about: 'team', team: 'identity' })]),
  en('oncall-phrase', 'U00VIEWER', 'who has the pager for web this week?', [ran('oncall', { about: 'team', team: 'web' })]),
  en('oncall-typo', 'U00VIEWER', 'who is oncal for platform', [ran('oncall', { about: 'team', team: 'platform' })]),
  en('oncall-alias', 'U00VIEWER', "who's on call for billing?", [ran('oncall', { about: 'team', team: 'payments' })]),
  en('oncall-channel', 'U00VIEWER', 'who is on call?', [ran('oncall', { about: 'team', team: 'payments' })], 'C0PAYMENTS'),

  // Paging.
  en('ic-page-bare', 'U00DEV', '!ic page', [proposed('page', { target: 'incident_commander' })]),
  en('ic-page-message', 'U00SRE', '!ic page checkout is failing for everyone', [proposed('page', { target: 'incident_commander' })]),
  en('ic-page-responders', 'U00SRE', '!ic page responders', [proposed('page', { target: 'responders' })]),
  en('ic-page-responders-message', 'U00SRE', '!ic page responders major outage, join the bridge', [proposed('page', { target: 'responders' })]),
  en('ic-page-person-id', 'U00DEV', '!ic page U00DEV', [proposed('page', { target: 'person', person: 'U00DEV' })]),
  en('ic-page-person-name', 'U00SRE', '!ic page Wes the CDN is returning 503s', [proposed('page', { target: 'person' })]),
  en('page-team', 'U00DEV', 'page team identity login errors are up', [proposed('page', { target: 'team', team: 'identity' })]),
  en('page-team-phrase', 'U00SRE', 'wake up the payments on-call, refunds are stuck', [proposed('page', { target: 'team', team: 'payments' })]),
  en('page-person-phrase', 'U00DEV', 'page Sam: database replica lag is growing', [proposed('page', { target: 'person' })]),
  en('page-ic-phrase', 'U00SRE', 'page the incident commander, we have a sev1', [proposed('page', { target: 'incident_commander' })]),
  en('page-viewer-refused', 'U00VIEWER', '!ic page', [refused('page')]),

  // Incidents.
  en('incident-create', 'U00SRE', '/incident create checkout errors spiking', [proposed('incident_declare', { title: 'checkout errors spiking' })]),
  en('incident-create-severity', 'U00SRE', 'incident create auth 5xx storm severity:high', [proposed('incident_declare', { severity: 'high' })]),
  en('incident-create-owner', 'U00LEAD', 'incident create payments ledger drift severity:critical owner:<@U00SRE>', [proposed('incident_declare', { severity: 'critical', owner: 'U00SRE' })]),
  en('incident-declare-phrase', 'U00SRE', 'declare an incident: login page times out', [proposed('incident_declare')]),
  en('incident-open-phrase', 'U00LEAD', "let's open an incident for the cdn outage", [proposed('incident_declare')]),
  en('incident-list', 'U00VIEWER', 'incidents', [ran('incident_list')]),
  en('incident-list-open', 'U00VIEWER', 'any open incidents?', [ran('incident_list')]),
  en('incident-list-all', 'U00VIEWER', 'incident list all', [ran('incident_list', { open_only: false })]),
  en('incident-show', 'U00VIEWER', 'incident show INC-2026-0001', [ran('incident_list', { id: 'INC-2026-0001' })]),
  en('incident-update-status', 'U00SRE', 'incident update INC-2026-0001 status:monitoring', [proposed('incident_update', { id: 'INC-2026-0001', status: 'monitoring' })]),
  en('incident-update-note', 'U00SRE', 'add a note to INC-2026-0001: rolled back the CDN config', [proposed('incident_update', { id: 'INC-2026-0001' })]),
  en('incident-resolve', 'U00SRE', 'incident resolve INC-2026-0001 fixed by rollback', [proposed('incident_resolve', { id: 'INC-2026-0001' })]),
  en('incident-resolve-phrase', 'U00LEAD', 'close INC-2026-0001, all clear', [proposed('incident_resolve', { id: 'INC-2026-0001' })]),
  en('incident-viewer-refused', 'U00VIEWER', 'incident create everything is on fire', [refused('incident_declare')]),

  // Alerts, silences and runbooks.
  en('alerts-bare', 'U00VIEWER', 'alerts', [ran('alerts_list')]),
  en('alerts-bang', 'U00VIEWER', '!alerts api', [ran('alerts_list', { service: 'api' })]),
  en('alerts-phrase', 'U00VIEWER', 'is anything alerting?', [ran('alerts_list')]),
  en('alerts-firing-for', 'U00DEV', "what's firing on payments", [ran('alerts_list', { service: 'payments' })]),
  en('alerts-all', 'U00SRE', 'alerts all', [ran('alerts_list', { include_silenced: true })]),
  en('alerts-channel', 'U00VIEWER', 'any alerts?', [ran('alerts_list', { service: 'auth' })], 'C0AUTH'),
  en('silence-classic', 'U00SRE', 'silence HighErrorRate for api 30m', [proposed('alert_silence', { alert: 'HighErrorRate', service: 'api', duration_minutes: 30 })]),
  en('silence-hours', 'U00SRE', 'mute HighCpu on frontend for 2h, known batch job', [proposed('alert_silence', { alert: 'HighCpu', service: 'frontend', duration_minutes: 120 })]),
  en('silence-alerts-form', 'U00LEAD', 'alerts silence HighLatency payments 45m investigating', [proposed('alert_silence', { alert: 'HighLatency', service: 'payments', duration_minutes: 45 })]),
  en('silence-dev-refused', 'U00DEV', 'silence HighErrorRate for api 30m', [refused('alert_silence')]),
  en('runbook-alert', 'U00VIEWER', 'runbook HighErrorRate', [ran('runbook', { query: 'HighErrorRate' })]),
  en('runbook-service', 'U00VIEWER', 'runbook payments', [ran('runbook', { query: 'payments' })]),
  en('runbook-phrase', 'U00DEV', 'how do I fix HighLatency?', [ran('runbook', { query: 'HighLatency' })]),
  en('runbook-bang', 'U00DEV', '!runbook DeployFailed', [ran('runbook', { query: 'DeployFailed' })]),

  // Releases.
  en('release-prepare-pls', 'U00DEV', 'release prepare pls', [proposed('release_prepare')]),
  en('release-prepare', 'U00DEV', 'release prepare', [proposed('release_prepare')]),
  en('release-prepare-version', 'U00LEAD', 'release prepare v3.0.0', [proposed('release_prepare', { version: 'v3.0.0' })]),
  en('release-phrase', 'U00DEV', "prepare this week's release", [proposed('release_prepare')]),
  en('release-cut', 'U00LEAD', 'cut a release', [proposed('release_prepare')]),
  en('release-publish', 'U00LEAD', 'release publish v3.0.0', [proposed('release_publish', { version: 'v3.0.0' })]),
  en('release-publish-phrase', 'U00LEAD', 'publish release 3.0.0', [proposed('release_publish')]),
  en('release-publish-dev-refused', 'U00DEV', 'release publish v3.0.0', [refused('release_publish')]),

  // Records.
  en('audit-user', 'U00LEAD', 'audit U00DEV', [ran('audit_search', { actor: 'U00DEV' })]),
  en('audit-phrase', 'U00LEAD', 'who deployed what today? check the audit log', [ran('audit_search')]),
  { ...en('action-status', 'U00DEV', 'action {action}', [ran('action_status', { id: '{action}' })]), setup: 'pending-action' },
  { ...en('action-whats-up', 'U00DEV', "what happened to {action}?", [ran('action_status', { id: '{action}' })]), setup: 'pending-action' },

  // Several requests in one message.
  en('multi-status-oncall', 'U00VIEWER', 'status api and who is on call for platform', [ran('service_status', { service: 'api' }), ran('oncall', { about: 'team', team: 'platform' })]),
  en('multi-alerts-runbook', 'U00DEV', 'any alerts on api? then show the runbook for HighErrorRate', [ran('alerts_list', { service: 'api' }), ran('runbook', { query: 'HighErrorRate' })]),

  // Issue 24 classes, written before the router was changed for them (held out: not the issue's own phrasings).
  // An explicit change verb wins over a service name that alone would ask for status.
  en('verb-wins-revert', 'U00DEV', 'api in staging is throwing errors, revert it', [proposed('rollback', { service: 'api', environment: 'staging' })]),
  en('verb-wins-rollback-broken', 'U00LEAD', 'auth production looks broken - roll it back please', [proposed('rollback', { service: 'auth', environment: 'production' })]),
  en('verb-wins-ship', 'U00DEV', 'frontend staging is slow, ship v2.4.0 to it', [proposed('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' })]),
  en('verb-get-out', 'U00DEV', 'can we get api v1.9.0 out to staging?', [proposed('deploy', { service: 'api', environment: 'staging', version: 'v1.9.0' })]),
  en('verb-get-out-lets', 'U00LEAD', "let's get frontend v2.4.0 out to prod", [proposed('deploy', { service: 'frontend', environment: 'production', version: 'v2.4.0' })]),
  en('verb-kick-off-release', 'U00DEV', 'kick off the next release', [proposed('release_prepare')]),
  en('history-went-out', 'U00VIEWER', 'what went out yesterday?', [ran('deploy_history')]),
  en('history-shipped-env', 'U00VIEWER', 'what shipped to staging this week?', [ran('deploy_history', { environment: 'staging' })]),
  // Paging a person needs no message.
  en('page-person-bare', 'U00DEV', 'page Abe', [proposed('page', { target: 'person' })]),
  en('page-person-bare-please', 'U00SRE', 'please page Wes', [proposed('page', { target: 'person' })]),
  // Aliases from config in every domain.
  en('alias-look-at', 'U00VIEWER', 'can somebody look at the public-api service', [ran('service_status', { service: 'api' })]),
  en('alias-oncall', 'U00VIEWER', "who's on call for billing?", [ran('oncall', { about: 'team', team: 'payments' })]),
  en('alias-alerts', 'U00VIEWER', 'any alerts on login?', [ran('alerts_list', { service: 'auth' })]),
  en('alias-history', 'U00VIEWER', 'deploy history for fe', [ran('deploy_history', { service: 'frontend' })]),
  en('alias-rollback', 'U00LEAD', 'roll back billing in production', [proposed('rollback', { service: 'payments', environment: 'production' })]),
  // Titles and messages without leading punctuation or the words that chose the target.
  en('title-dash', 'U00SRE', 'open an incident - checkout returns 500s', [proposed('incident_declare', { title: 'checkout returns 500s' })]),
  en('title-colon', 'U00SRE', 'declare an incident: gateway timeouts in api', [proposed('incident_declare', { title: 'gateway timeouts in api' })]),
  en('message-responders', 'U00SRE', 'page everybody on call - payments refunds stuck', [proposed('page', { target: 'responders', message: 'payments refunds stuck' })]),
  en('message-team', 'U00DEV', 'page the web team: cdn is serving stale pages', [proposed('page', { target: 'team', team: 'web', message: 'cdn is serving stale pages' })]),
  // Runbooks found from how people name the trouble.
  en('runbook-steps-when', 'U00DEV', 'what are the steps when the api database connections run out?', [ran('runbook')]),
  en('runbook-what-do-we-do', 'U00VIEWER', 'what do we do if the payments ledger does not match?', [ran('runbook')]),
  en('runbook-spaced-name', 'U00VIEWER', 'runbook for high cpu', [ran('runbook', { query: 'high cpu' })]),
];
