import { z } from 'zod';
import type { Config } from '../config/schema.js';

/** Zod pieces built from the configured catalog, so schemas (and the model's JSON Schema) list real names. */
export interface Catalog {
  service: z.ZodEnum<Record<string, string>>;
  environment: z.ZodEnum<Record<string, string>>;
  team: z.ZodEnum<Record<string, string>>;
  defaultEnvironment: string;
}

export function catalogOf(config: Config): Catalog {
  const environments = config.environments;
  return {
    service: enumOf(config.services.map((service) => service.name)),
    environment: enumOf(environments),
    team: enumOf(config.teams.map((team) => team.name)),
    // Questions without an environment are about production, where it matters most.
    defaultEnvironment: environments.includes('production') ? 'production' : environments[environments.length - 1]!,
  };
}

function enumOf(values: string[]): z.ZodEnum<Record<string, string>> {
  return z.enum(values as [string, ...string[]]) as unknown as z.ZodEnum<Record<string, string>>;
}

/** What a version label looks like: v2.4.0, 2.4.0, v2026.11.1-rc.1, v1.0.0-rc.1+build.5 (semver pre-release and build). */
export const VERSION_PATTERN = /^v?\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** A version label such as v2.4.0, 2.4.0 or v1.0.0-rc.1+build.5. */
export const versionSchema = z.string().regex(VERSION_PATTERN, 'must look like v2.4.0');
