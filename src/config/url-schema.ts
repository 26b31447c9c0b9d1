import { z } from 'zod';

/** Whether a URL names a user or password before its host (`http://admin:PASS@prometheus:9090`). */
export function hasUserinfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/**
 * Every URL in the config: credentials in it would be printed in every answer that names the backend, stored
 * and shown to the model, so they are refused with the place they belong instead.
 */
export const configUrl = z
  .string()
  .url()
  .refine((url) => !hasUserinfo(url), 'must not carry credentials (user:password@); use token: env:NAME, or basicAuth: { user, password: env:NAME } where the backend takes them');
