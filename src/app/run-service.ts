import type { Opsbot } from '../app.js';
import { rootLogger, type OpsbotLogger } from '../observability/logger.js';
import { metrics, setGaugeSource } from '../observability/metrics.js';
import { startOpsServer } from '../observability/ops-server.js';
import { pendingActionsReading, startReadiness } from './readiness-checks.js';

/** One long-lived mode, as `runService` runs it. */
export interface ServiceOptions {
  /** For logs: `slack`, `webhooks`, `mcp-http`, … */
  name: string;
  env?: NodeJS.ProcessEnv;
  logger?: OpsbotLogger;
  /** Overrides `observability.host`/`port` (tests: port 0). */
  listen?: { host?: string; port: number };
  /** Resolves if the mode ends by itself (a transport closed); the service then stops as on a signal. */
  ended?: Promise<void>;
  /** Stop accepting new requests and finish (or hand back) in-flight work. */
  stop(): Promise<void>;
  /** Called once the ops endpoints listen (tests read the port). */
  onListening?(url: string): void;
}

/**
 * Runs a long-lived mode as a service: `/metrics`, `/healthz`, `/readyz` on `observability.port`, until SIGTERM
 * or SIGINT. Then /readyz turns 503 at once (load balancers stop sending), the mode stops accepting and finishes
 * its in-flight work for at most `shutdownSeconds`, and the ops server closes; the caller closes the store, which
 * flushes the audit log. Work still running at the deadline is left as it is: a running action's lease lapses and
 * the next sweep (after a restart, or by another replica) makes it `outcome_unknown`; nothing is re-run.
 */
export async function runService(opsbot: Pick<Opsbot, 'config' | 'store' | 'actions'>, options: ServiceOptions): Promise<{ finished: boolean }> {
  const logger = (options.logger ?? rootLogger()).child({ component: options.name });
  const readiness = startReadiness(opsbot, options.env ?? process.env);
  const stopGauge = setGaugeSource(metrics.pendingActions, () => pendingActionsReading(opsbot));
  const listen = options.listen ?? opsbot.config.observability;
  const ops = await startOpsServer({ host: listen.host ?? opsbot.config.observability.host, port: listen.port, checks: readiness.checks });
  logger.info({ url: ops.url }, `serving /metrics, /healthz and /readyz at ${ops.url}`);
  options.onListening?.(ops.url);

  let stopping: (reason: string) => void = () => undefined;
  const onTerm = () => stopping('SIGTERM');
  const onInt = () => stopping('SIGINT');
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onInt);
  const signal = await new Promise<string>((resolve) => {
    stopping = resolve;
    void options.ended?.then(() => resolve('end of transport'));
  });
  process.off('SIGTERM', onTerm);
  process.off('SIGINT', onInt);
  ops.drain();
  const seconds = opsbot.config.shutdownSeconds;
  logger.info({ signal, shutdownSeconds: seconds }, `${signal}: stopping; in-flight work has ${seconds} s to finish`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), seconds * 1000)));
  const finished = await Promise.race([
    options.stop().then(
      () => true,
      (error: unknown) => {
        logger.error({ err: error }, `stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        return true;
      },
    ),
    deadline,
  ]);
  clearTimeout(timer);
  if (!finished) logger.warn(`work still running after ${seconds} s is left to the lease sweep (outcome_unknown after a restart); exiting`);
  readiness.stop();
  stopGauge();
  await ops.close();
  return { finished };
}
