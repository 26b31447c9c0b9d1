import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * DNS-rebinding protection: a page on evil.example that rebinds its name to 127.0.0.1 still sends
 * `Host: evil.example`, and a browser always sends its `Origin`. Both must name one of the allowed
 * hosts with our port. Clients that are not browsers send no Origin; that is fine.
 */
export function hostGuard(allowedHosts: readonly string[], port: number): (request: IncomingMessage) => string | null {
  const allowed = new Set(allowedHosts.map((host) => `${bracketed(host.toLowerCase())}:${port}`));
  return (request) => {
    const host = request.headers.host?.toLowerCase();
    if (!host || !allowed.has(host)) return `Host ${host ?? '(none)'} is not allowed; expected one of ${[...allowed].join(', ')}`;
    const origin = request.headers.origin;
    if (origin === undefined) return null;
    let originHost: string;
    try {
      const url = new URL(origin);
      originHost = url.port ? url.host : `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`;
    } catch {
      return `Origin ${origin} is not allowed`;
    }
    return allowed.has(originHost.toLowerCase()) ? null : `Origin ${origin} is not allowed`;
  };
}

/**
 * Maps `Authorization: Bearer <token>` to the configured user id. Tokens are compared as SHA-256
 * digests with timingSafeEqual, over every entry without stopping early, so neither the length
 * nor the position of a match leaks through timing.
 */
export function bearerAuthenticator(tokens: ReadonlyArray<{ token: string; user: string }>): (authorization: string | undefined) => string | null {
  const entries = tokens.map((entry) => ({ digest: digest(entry.token), user: entry.user }));
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return null;
    const presented = digest(match[1]);
    let user: string | null = null;
    for (const entry of entries) {
      if (timingSafeEqual(entry.digest, presented) && user === null) user = entry.user;
    }
    return user;
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

// An IPv6 literal appears in Host headers as [::1]:port.
function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
