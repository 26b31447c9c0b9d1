import type { ConfigInput } from './schema.js';

/**
 * The built-in demo: four services, two environments, five people to try every path as
 * (viewer, developer, two leads, sre), and an on-call roster. Used when no config file is found.
 */
export const demoConfig: ConfigInput = {
  environments: ['staging', 'production'],
  services: [
    { name: 'frontend', team: 'web', description: 'Customer-facing web app', components: ['web', 'cdn'], repository: 'acme/frontend', aliases: ['fe', 'web-frontend', 'フロントエンド'], channels: ['C0FRONTEND'] },
    { name: 'api', team: 'platform', description: 'Public HTTP API', components: ['gateway', 'workers', 'database'], repository: 'acme/api', aliases: ['public-api'], channels: ['C0API'] },
    { name: 'auth', team: 'identity', description: 'Login, sessions and tokens', components: ['login', 'sessions'], repository: 'acme/auth', aliases: ['login', '認証'], channels: ['C0AUTH'] },
    { name: 'payments', team: 'payments', description: 'Checkout and ledger', components: ['checkout', 'ledger', 'psp-gateway'], repository: 'acme/payments', aliases: ['billing', '決済'], channels: ['C0PAYMENTS'] },
  ],
  teams: [
    { name: 'web', description: 'Web experience', rotation: ['U00DEV', 'U00WEB1', 'U00LEAD'] },
    { name: 'platform', description: 'API and infrastructure', rotation: ['U00API1', 'U00SRE', 'U00LEAD2'] },
    { name: 'identity', description: 'Authentication', rotation: ['U00ID1', 'U00DEV', 'U00SRE'] },
    { name: 'payments', description: 'Payments and billing', rotation: ['U00PAY1', 'U00PAY2', 'U00LEAD2'] },
  ],
  people: {
    U00VIEWER: { name: 'Vic Viewer', email: 'vic@example.com', phone: '+1-555-0100', timezone: 'Europe/London' },
    U00DEV: { name: 'Dana Developer', email: 'dana@example.com', phone: '+1-555-0101', timezone: 'America/New_York' },
    U00LEAD: { name: 'Lee Lead', email: 'lee@example.com', phone: '+1-555-0102', timezone: 'America/Los_Angeles' },
    U00LEAD2: { name: 'Lou Lead', email: 'lou@example.com', phone: '+1-555-0103', timezone: 'Asia/Tokyo' },
    U00SRE: { name: 'Sam Reliability', email: 'sam@example.com', phone: '+1-555-0104', timezone: 'Europe/Berlin' },
    U00WEB1: { name: 'Wes Web', email: 'wes@example.com', phone: '+1-555-0105', timezone: 'America/Chicago' },
    U00API1: { name: 'Abe Api', email: 'abe@example.com', phone: '+1-555-0106', timezone: 'Europe/Paris' },
    U00ID1: { name: 'Ida Identity', email: 'ida@example.com', phone: '+1-555-0107', timezone: 'Asia/Singapore' },
    U00PAY1: { name: 'Priya Payments', email: 'priya@example.com', phone: '+1-555-0108', timezone: 'Asia/Kolkata' },
    U00PAY2: { name: 'Pat Payments', email: 'pat@example.com', phone: '+1-555-0109', timezone: 'America/Denver' },
  },
  incidentCommander: { rotation: ['U00LEAD', 'U00SRE', 'U00LEAD2'] },
  policies: {
    roles: {
      viewer: ['read:*'],
      developer: ['read:*', 'deploy:staging', 'rollback:staging', 'scale:staging', 'restart:staging', 'page:*', 'release:prepare', 'lock:staging'],
      lead: ['read:*', 'deploy:*', 'rollback:*', 'scale:*', 'restart:*', 'page:*', 'incident:*', 'alert:silence', 'release:*', 'deploy:force', 'lock:*'],
      sre: ['read:*', 'page:*', 'incident:*', 'alert:silence'],
    },
    users: {
      U00VIEWER: ['viewer'],
      U00DEV: ['developer'],
      U00LEAD: ['lead'],
      U00LEAD2: ['lead'],
      U00SRE: ['sre'],
    },
    groups: {},
    approvals: [{ name: 'production-needs-another-lead', when: ['*:production'], approvers: ['lead'], requesterMayApprove: false }],
    defaultRequesterMayApprove: true,
  },
  actions: { expiryMinutes: 15 },
  demo: { brokenVersions: ['v6.6.6'], deploySeconds: 6, outages: [] },
  dashboards: [
    { name: 'cpu-usage', title: 'CPU usage', panels: [{ title: 'CPU, production', metric: 'cpu' }, { title: 'CPU, staging', metric: 'cpu', environment: 'staging' }] },
    {
      name: 'checkout',
      title: 'Checkout',
      url: 'https://grafana.example.com/d/checkout',
      panels: [
        { title: 'Checkout requests', metric: 'requests', services: ['frontend', 'payments'] },
        { title: 'Checkout p95 latency', metric: 'latency_p95', services: ['frontend', 'payments', 'auth'] },
        { title: 'Checkout errors', metric: 'error_rate', services: ['payments'] },
        { title: 'Payment CPU', metric: 'cpu', services: ['payments'] },
      ],
    },
  ],
};
