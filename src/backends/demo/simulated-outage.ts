import type { Config } from '../../config/schema.js';

/** A demo system that `demo.outages` can take down. */
export type OutageSystem = Config['demo']['outages'][number];

/** Whether config simulates an outage of this system. */
export function isDown(config: Config, system: OutageSystem): boolean {
  return config.demo.outages.includes(system);
}

/**
 * Throws a plain Error (an infrastructure fault, not a "backend said no") when config simulates an outage,
 * so callers exercise the same path as a real unreachable backend.
 */
export function assertReachable(config: Config, system: OutageSystem, what = `${system} backend`): void {
  if (isDown(config, system)) throw new Error(`${what} unreachable (simulated outage: demo.outages includes '${system}')`);
}
