import { demoConfig } from '../../src/config/demo-config.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { validateConfig } from '../../src/app/validate-config.js';

/** The demo config with fast deploys, plus any overrides, validated as a real config would be. */
export function testConfig(overrides: Partial<ConfigInput> = {}) {
  return validateConfig({ ...demoConfig, demo: { brokenVersions: ['v6.6.6'], deploySeconds: 0.4, outages: [] }, ...overrides });
}
