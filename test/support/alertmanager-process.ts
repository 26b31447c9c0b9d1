import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's prometheus-alertmanager; tests that need it skip cleanly where it is not installed. */
export const ALERTMANAGER_BINARY = process.env.OPSBOT_TEST_ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager';
// The package's working directory, where the binary finds its default templates.
const PACKAGE_DIR = '/usr/share/prometheus/alertmanager';

export function alertmanagerAvailable(): boolean {
  return existsSync(ALERTMANAGER_BINARY);
}

/** A free loopback TCP port (bound and released at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A running Alertmanager with a webhook receiver, in its own temp dir on a loopback port. */
export interface AlertmanagerProcess {
  url: string;
  /** POST /api/v2/alerts, as Prometheus does. */
  postAlerts(alerts: Array<Record<string, unknown>>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Alertmanager (no clustering) sending every group to `webhookUrl` with `Authorization: Bearer <token>`. */
export async function startAlertmanager(options: { webhookUrl: string; token: string; groupWait?: string; groupInterval?: string }): Promise<AlertmanagerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'opsbot-alertmanager-'));
  const port = await freePort();
  const config = [
    'route:',
    '  receiver: opsbot',
    "  group_by: ['alertname', 'service']",
    `  group_wait: ${options.groupWait ?? '1s'}`,
    `  group_interval: ${options.groupInterval ?? '1s'}`,
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: opsbot',
    '    webhook_configs:',
    `      - url: ${JSON.stringify(options.webhookUrl)}`,
    '        send_resolved: true',
    '        http_config:',
    '          authorization:',
    '            type: Bearer',
    `            credentials: ${JSON.stringify(options.token)}`,
  ].join('\n');
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const child: ChildProcess = spawn(
    ALERTMANAGER_BINARY,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { cwd: existsSync(PACKAGE_DIR) ? PACKAGE_DIR : dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Alertmanager did not start: ${stderr.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async postAlerts(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!response.ok) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
