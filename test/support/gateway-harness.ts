import { AuditLog } from '../../src/audit/audit-log.js';
import type { Backends } from '../../src/backends/backends.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { PolicyEngine } from '../../src/policies/policy-engine.js';
import { RoleResolver } from '../../src/policies/role-resolver.js';
import { ActionsRepository } from '../../src/store/actions-repository.js';
import { DeployClaimsRepository } from '../../src/store/deploy-claims-repository.js';
import { RUN_LEASE_MS } from '../../src/gateway/action-lifecycle.js';
import type { Store } from '../../src/store/open-store.js';
import type { AnyTool } from '../../src/tools/define-tool.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { testConfig } from './test-config.js';

/** A gateway over the demo policy (or `config`'s) and the given tools, on the given store, with a movable clock. */
export function gatewayHarness(store: Store, tools: AnyTool[], clock = { now: new Date('2026-11-21T10:00:00Z') }, config = testConfig()) {
  const now = () => clock.now;
  const audit = new AuditLog(store, now);
  const actions = new ActionsRepository(store);
  const policy = new PolicyEngine(config.policies, new RoleResolver(config.policies));
  // These test tools never touch a backend port; recovery sweeps deploy claims with the lease.
  const backends = { deployClaims: new DeployClaimsRepository(store, RUN_LEASE_MS, now) } as Partial<Backends> as Backends;
  const gateway = new Gateway({ registry: new ToolRegistry(tools), policy, actions, audit, backends, config, now });
  return { gateway, audit, actions, clock, config };
}
