import { registerSecret } from './redact.js';

/** Credentials for an HTTP backend, already read from the environment. */
export interface HttpCredentials {
  token?: string;
  basicAuth?: { user: string; password: string };
}

/** The `Authorization` header value for these credentials (bearer first), registered as a secret; undefined when there are none. */
export function authorizationOf(credentials: HttpCredentials): string | undefined {
  registerSecret(credentials.token);
  if (credentials.token) return `Bearer ${credentials.token}`;
  if (!credentials.basicAuth) return undefined;
  registerSecret(credentials.basicAuth.password);
  const encoded = Buffer.from(`${credentials.basicAuth.user}:${credentials.basicAuth.password}`).toString('base64');
  registerSecret(encoded);
  return `Basic ${encoded}`;
}
