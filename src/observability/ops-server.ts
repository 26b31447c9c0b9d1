import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registry, scrapeMetrics } from './metrics.js';

/** One readiness check: what it checks, and whether it passed (with the reason when not). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: true } | { ok: false; reason: string }>;
}

/** The operations endpoints of a running process. */
export interface OpsServer {
  url: string;
  port: number;
  /** From now on /readyz answers 503 (shutting down), so a load balancer stops sending before servers close. */
  drain(): void;
  close(): Promise<void>;
}

/**
 * `/metrics` (Prometheus text format), `/healthz` (the process answers) and `/readyz` (every check passes; 503
 * with the reasons otherwise) for a long-lived mode. Separate from the front ends' ports, and on loopback unless
 * `observability.host` says otherwise, since metrics name tools and backends.
 */
export async function startOpsServer(options: { host: string; port: number; checks: ReadinessCheck[] }): Promise<OpsServer> {
  let draining = false;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'method not allowed\n');
    if (path === '/healthz') return send(200, 'text/plain; charset=utf-8', 'ok\n');
    if (path === '/metrics') {
      scrapeMetrics().then(
        (text) => send(200, registry.contentType, text),
        (error: unknown) => send(500, 'text/plain; charset=utf-8', `metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    if (path === '/readyz') {
      if (draining) return send(503, 'text/plain; charset=utf-8', 'not ready: shutting down\n');
      void readiness(options.checks).then((failures) =>
        failures.length ? send(503, 'text/plain; charset=utf-8', `not ready: ${failures.join('; ')}\n`) : send(200, 'text/plain; charset=utf-8', 'ready\n'),
      );
      return;
    }
    send(404, 'text/plain; charset=utf-8', 'not found: /metrics, /healthz, /readyz\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    port,
    drain: () => void (draining = true),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readiness(checks: ReadinessCheck[]): Promise<string[]> {
  const results = await Promise.all(
    checks.map(async (check) => {
      try {
        const result = await check.check();
        return result.ok ? undefined : `${check.name}: ${result.reason}`;
      } catch (error) {
        return `${check.name}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }),
  );
  return results.filter((failure): failure is string => failure !== undefined);
}
