import { validateConfig } from '../../src/app/validate-config.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { ConfigError } from '../../src/errors.js';

/** The problems validation reports for `input` (none: an empty list); any other fault is thrown. */
export function issuesOf(input: unknown): string[] {
  try {
    validateConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

/** A deep copy of the demo config that tests may break anywhere (a precise type would forbid it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const demoClone = () => structuredClone(demoConfig) as Record<string, any>;
