import { beforeAll, describe } from 'vitest';
import { alertsContract } from './contracts/alerts-contract.js';
import { metricsContract } from './contracts/metrics-contract.js';
import { runbooksContract } from './contracts/runbooks-contract.js';
import { strongAnomaly } from './demo/anomaly-finder.js';
import { demoConfigWith, demoFixture } from './demo/demo-fixture.js';

// The real adapters run the same suites beside their servers (prometheus/, alertmanager/, files/).
const MINUTE = 60_000;

describe('demo metrics: the metrics port contract', () => {
  let fixture: Awaited<ReturnType<typeof demoFixture>>;
  beforeAll(async () => {
    fixture = await demoFixture();
  });
  metricsContract(() => ({ metrics: fixture.backends.metrics, services: fixture.config.services, now: fixture.clock.now, service: 'frontend', environment: 'production' }));
});

describe('demo metrics: the metrics port contract with services found by selector and conventions', () => {
  let fixture: Awaited<ReturnType<typeof demoFixture>>;
  beforeAll(async () => {
    // The selector shapes a real Prometheus reads; the demo simulates its fleet whatever they say.
    const config = demoConfigWith();
    config.services = config.services.map((service, index) => ({
      ...service,
      metrics: index === 0 ? { selector: '{job="frontend"}', conventions: 'micrometer', components: Object.fromEntries(service.components.map((component) => [component, `{job="frontend-${component}"}`])) } : { selector: `{app="${service.name}"}` },
    }));
    fixture = await demoFixture({ config });
  });
  metricsContract(() => ({ metrics: fixture.backends.metrics, services: fixture.config.services, now: fixture.clock.now, service: 'frontend', environment: 'production' }));
});

describe('demo alerts: the alerts port contract', () => {
  let fixture: Awaited<ReturnType<typeof demoFixture>>;
  beforeAll(async () => {
    // Inside a simulated incident of api, so HighErrorRate is firing there.
    fixture = await demoFixture({ at: new Date(strongAnomaly('api', 'production').start + 4 * MINUTE).toISOString() });
  });
  alertsContract(() => ({ alerts: fixture.backends.alerts, firing: { name: 'HighErrorRate', service: 'api', environment: 'production' } }));
});

describe('demo runbooks: the runbooks port contract', () => {
  let fixture: Awaited<ReturnType<typeof demoFixture>>;
  beforeAll(async () => {
    fixture = await demoFixture();
  });
  runbooksContract(() => ({ runbooks: fixture.backends.runbooks, known: { name: 'high-error-rate', alert: 'HighErrorRate', service: 'frontend' } }));
});
