import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startReadiness, type Readiness } from '../../src/app/readiness-checks.js';
import { validateConfig } from '../../src/app/validate-config.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { startOpsServer, type OpsServer } from '../../src/observability/ops-server.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { postgresAvailable, postgresFactory } from '../support/stores.js';

const postgres = await postgresAvailable();

/** A TCP relay to PostgreSQL that the test can take down and bring back, as a stopped and restarted server looks to a client. */
class Relay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('readiness', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.skipIf(!postgres)('turns /readyz 503 while PostgreSQL is unreachable and 200 once it is back', async () => {
    const database = await postgresFactory.open();
    cleanups.push(() => database.cleanup());
    await database.store.close();
    const url = new URL(database.url!);
    const relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
    await relay.up();
    cleanups.push(() => relay.down());
    url.port = String(relay.port);
    const store: Store = await openStore({ databaseUrl: url.href });
    cleanups.push(() => store.close());
    const readiness: Readiness = startReadiness({ store, config: validateConfig(demoConfig) }, {});
    cleanups.push(() => readiness.stop());
    const ops: OpsServer = await startOpsServer({ host: '127.0.0.1', port: 0, checks: readiness.checks });
    cleanups.push(() => ops.close());

    expect((await fetch(`${ops.url}/readyz`)).status).toBe(200);
    await relay.down();
    const down = await fetch(`${ops.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/^not ready: store: /);
    await relay.up();
    expect((await fetch(`${ops.url}/readyz`)).status).toBe(200);
  });

  it('reports a configured Prometheus that stopped answering its readiness endpoint, until it answers again', async () => {
    let ready = true;
    const prometheus: HttpServer = createHttpServer((request, response) => {
      response.writeHead(request.url === '/-/ready' && ready ? 200 : 503).end(ready ? 'Prometheus Server is Ready.\n' : 'Service Unavailable');
    });
    await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => prometheus.close(resolve)));
    const config = validateConfig({ ...demoConfig, backends: { metrics: { adapter: 'prometheus', url: `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}` } } });
    const store = await openStore({ memory: true });
    cleanups.push(() => store.close());
    const readiness = startReadiness({ store, config }, {});
    cleanups.push(() => readiness.stop());
    await readiness.probe();
    const check = readiness.checks.find((entry) => entry.name === 'metrics (prometheus)')!;
    expect(await check.check()).toEqual({ ok: true });
    ready = false;
    await readiness.probe();
    expect(await check.check()).toEqual({ ok: false, reason: expect.stringMatching(/-\/ready answered HTTP 503/) });
    ready = true;
    await readiness.probe();
    expect(await check.check()).toEqual({ ok: true });
  });
});
