import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Real Prometheus and Alertmanager (Debian's packages) for tests: each started on a free loopback port in its own
 * temp directory, and stopped by the test. `.ci/run` installs them; elsewhere the tests skip with `MISSING`.
 */

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

/** Why the real-server tests cannot run here, or null when they can. */
export function missingMonitoring(): string | null {
  const absent = [PROMETHEUS, PROMTOOL, ALERTMANAGER].filter((binary) => !existsSync(binary));
  if (absent.length === 0) return null;
  // CI sets this: there the servers are installed, so a skip would hide that the tests never ran.
  if (process.env.OPSBOT_REQUIRE_MONITORING) throw new Error(`OPSBOT_REQUIRE_MONITORING is set but ${absent.join(', ')} not installed`);
  return `skipped: ${absent.join(', ')} not installed (apt-get install prometheus prometheus-alertmanager; .ci/run does)`;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A running server: its base URL, and how to stop it and remove its directory. */
export interface RunningServer {
  url: string;
  dir: string;
  /** Stops the process (and waits for it), keeping the directory. */
  stop(): Promise<void>;
  /** Stops and removes the directory. */
  cleanup(): Promise<void>;
}

/**
 * Prometheus over the given OpenMetrics text, loaded with `promtool tsdb create-blocks-from openmetrics` before start.
 * No scrape targets: the data is exactly what the test wrote. Retention is long so old samples are never dropped.
 */
export async function startPrometheus(openMetrics: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'opsbot-prometheus-'));
  const data = join(dir, 'data');
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  evaluation_interval: 1m\n');
  writeFileSync(join(dir, 'fleet.om'), openMetrics);
  await promisify(execFile)(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'fleet.om'), data], { cwd: dir });
  const port = await freePort();
  const child = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return running(child, `http://127.0.0.1:${port}`, dir);
}

/** Alertmanager with one receiver that sends nowhere, clustering off. Run from its install, so its default templates resolve. */
export async function startAlertmanager(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'opsbot-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: nowhere\n  group_wait: 1h\nreceivers:\n  - name: nowhere\n');
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return running(child, `http://127.0.0.1:${port}`, dir);
}

async function running(child: ChildProcess, url: string, dir: string): Promise<RunningServer> {
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitReady(`${url}/-/ready`, child);
  } catch (error) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return {
    url,
    dir,
    stop,
    async cleanup() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before it was ready`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready within 15 s`);
}
