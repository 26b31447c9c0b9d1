import type { Gateway } from './gateway.js';
import { RUN_LEASE_MS } from './action-lifecycle.js';

/** A started sweep; stop it when the front end stops. */
export interface LeaseSweep {
  stop(): void;
}

/**
 * Periodic recovery for every long-lived front end (Slack, MCP over HTTP, the shell, a webhook receiver).
 * Start-up recovery alone misses a process that was killed and restarted within one lease: its action
 * still looks alive then, and would stay `running` until some later start-up. Sweeping a few times per
 * lease period turns it into `outcome_unknown` within about one lease, and the transition event tells
 * whoever follows it (the Slack card, the asking thread) where it stopped.
 */
export function startLeaseSweep(gateway: Pick<Gateway, 'recoverInterrupted' | 'expireStale'>, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): LeaseSweep {
  let sweeping = false;
  const timer = setInterval(() => {
    // A slow database must not pile sweeps on top of each other.
    if (sweeping) return;
    sweeping = true;
    Promise.resolve()
      .then(async () => {
        await gateway.recoverInterrupted();
        await gateway.expireStale();
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (sweeping = false));
  }, options.intervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Four sweeps per lease: an interrupted action is reported at most a quarter lease after its lease lapses. */
export const SWEEP_INTERVAL_MS = RUN_LEASE_MS / 4;
