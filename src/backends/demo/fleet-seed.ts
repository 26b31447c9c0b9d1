import type { Config, Service } from '../../config/schema.js';
import { hash32 } from './deterministic-noise.js';
import type { DeployLedger, StoredDeploy } from './deploy-ledger.js';
import { primaryEnvironment } from './fleet-catalog.js';
import { earlierVersion, nextPatch } from './version-label.js';

// What the demo fleet runs in production on first use; other services get a version derived from their name.
const PRODUCTION_VERSIONS: Record<string, string> = { frontend: 'v2.3.1', api: 'v1.8.4', auth: 'v3.2.0', payments: 'v5.1.2' };
// These run one patch ahead outside production, as if the next fix were being tried there first.
const AHEAD_OUTSIDE_PRODUCTION = new Set(['frontend', 'api']);

const HOUR_MS = 3_600_000;
// How long before first use each of the three seeded deploys per environment happened.
const SEEDED_AGES_HOURS = [9 * 24, 4 * 24, 26];

/** The version a service runs in an environment when the fleet is first seeded. */
export function seededVersion(config: Config, service: string, environment: string): string {
  const seed = hash32('version', service);
  const production = PRODUCTION_VERSIONS[service] ?? `v${1 + (seed % 4)}.${seed % 10}.${seed % 7}`;
  if (environment === primaryEnvironment(config)) return production;
  const ahead = service in PRODUCTION_VERSIONS ? AHEAD_OUTSIDE_PRODUCTION.has(service) : seed % 2 === 0;
  return ahead ? nextPatch(production) : production;
}

/**
 * A service's deploy history on first use: per environment three succeeded deploys over the last days, ending
 * at the seeded version, so the running version and a rollback target exist from the start.
 */
export function seedLedger(config: Config, service: Service, at: Date): DeployLedger {
  const team = config.teams.find((entry) => entry.name === service.team);
  const deployers = team?.rotation ?? ['deploy-bot'];
  const deploys: Array<Omit<StoredDeploy, 'id'>> = [];
  for (const environment of config.environments) {
    const seed = hash32('history', service.name, environment);
    const current = seededVersion(config, service.name, environment);
    const middle = earlierVersion(current, seed);
    const oldest = earlierVersion(middle, seed >>> 3);
    const chain = [oldest, middle, current];
    chain.forEach((version, index) => {
      const ageHours = SEEDED_AGES_HOURS[index]! + ((seed >>> (index * 4)) % 7);
      deploys.push({
        kind: 'deploy',
        service: service.name,
        environment,
        version,
        previousVersion: index === 0 ? earlierVersion(oldest, seed >>> 5) : chain[index - 1]!,
        requestedBy: deployers[(seed + index) % deployers.length]!,
        startedAt: new Date(at.getTime() - ageHours * HOUR_MS).toISOString(),
        durationSeconds: config.demo.deploySeconds,
        outcome: 'succeeded',
        failsAt: 1,
      });
    });
  }
  deploys.sort((left, right) => Date.parse(left.startedAt) - Date.parse(right.startedAt));
  return {
    service: service.name,
    nextNumber: deploys.length + 1,
    deploys: deploys.map((deploy, index) => ({ ...deploy, id: deployId(service.name, index + 1) })),
  };
}

/** A deploy id readable in chat: `deploy-frontend-7`. */
export function deployId(service: string, number: number): string {
  return `deploy-${service}-${number}`;
}
