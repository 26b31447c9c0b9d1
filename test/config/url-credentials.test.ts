import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOpsbot } from '../../src/app.js';
import { validateConfig } from '../../src/app/validate-config.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { redactText } from '../../src/util/redact.js';
import { demoClone, issuesOf } from '../support/config-issues.js';

const WITH_PASSWORD = 'http://admin:PASS1234@prometheus.internal:9090';

describe('credentials in URLs', () => {
  it('are refused in every URL of the config, naming the path and where credentials belong', () => {
    const places: Array<[string, (config: ReturnType<typeof demoClone>) => void]> = [
      ['backends.metrics.url', (config) => (config.backends = { metrics: { adapter: 'prometheus', url: WITH_PASSWORD } })],
      ['backends.alerts.url', (config) => (config.backends = { alerts: { adapter: 'alertmanager', url: 'http://admin@alertmanager:9093' } })],
      ['backends.releases.apiUrl', (config) => (config.backends = { releases: { adapter: 'github', repository: 'acme/frontend', apiUrl: 'https://x-access-token:ghp_secret@github.example/api/v3' } })],
      ['backends.deploys.apiUrl', (config) => (config.backends = { deploys: { adapter: 'github', apiUrl: 'https://bot:pw@github.example/api/v3' } })],
      ['pagerduty.apiUrl', (config) => (config.pagerduty = { token: 'env:PD', from: 'ops@example.com', apiUrl: 'https://u:p@api.pagerduty.com' })],
      ['dashboards.0.url', (config) => (config.dashboards[0].url = 'https://viewer:pw@grafana.example/d/abc')],
    ];
    for (const [path, breakIt] of places) {
      const config = demoClone();
      breakIt(config);
      const issues = issuesOf(config);
      const issue = issues.find((entry) => entry.startsWith(path));
      expect(issue ?? `nothing at ${path} in: ${issues.join("; ")}`).toMatch(/must not carry credentials .*token: env:NAME.*basicAuth: \{ user, password: env:NAME \}/);
      // The refusal itself never repeats the password.
      expect(issues.join('\n')).not.toMatch(/PASS1234|ghp_secret/);
    }
  });

  it('are redacted wherever a URL is shown: errors, logs and answers', () => {
    expect(redactText(`Prometheus at ${WITH_PASSWORD} is unreachable`)).toBe('Prometheus at http://[REDACTED]@prometheus.internal:9090 is unreachable');
    expect(redactText('DATABASE_URL=postgres://opsbot:s3cret@db:5432/opsbot')).toBe('DATABASE_URL=postgres://[REDACTED]@db:5432/opsbot');
    expect(redactText('see https://grafana.example/d/abc?x=1 and mailto:a@b.c')).toBe('see https://grafana.example/d/abc?x=1 and mailto:a@b.c');
  });

  it('basicAuth (the password from the environment) reaches Prometheus as Basic authentication; token and basicAuth together are refused', async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const config = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url, basicAuth: { user: 'opsbot', password: 'env:PROM_PASSWORD' } } } });
      const opsbot = await createOpsbot({ config, memory: true, env: { PROM_PASSWORD: 'basic-password-42' } });
      try {
        await opsbot.gateway.call({ tool: 'service_status', args: { service: 'frontend' }, actor: 'U00VIEWER', origin: { frontEnd: 'test' } });
      } finally {
        await opsbot.close();
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set([`Basic ${Buffer.from('opsbot:basic-password-42').toString('base64')}`]));
      const both = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url, token: 'env:T', basicAuth: { user: 'opsbot', password: 'env:PROM_PASSWORD' } } } });
      await expect(createOpsbot({ config: both, memory: true, env: { T: 'token-value-1234', PROM_PASSWORD: 'x' } })).rejects.toThrow('backends.metrics: token and basicAuth are both set; keep one');
      expect(issuesOf({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url, basicAuth: { user: 'opsbot', password: 'literal-password' } } } }).join()).toContain('backends.metrics.basicAuth.password');
    } finally {
      server.close();
    }
  });
});
