import { randomUUID } from 'node:crypto';
import type { WorkloadsPort } from '../../../backends/ports/workloads.js';
import type { KvRepository } from '../../../store/kv-repository.js';
import { claimOnce } from '../../../store/replica-claim.js';
import type { CrashCards } from './crash-cards.js';

const CLAIMS = 'kubernetes-watch';
// The holder renews well inside the lapse; a replica that died hands the watch over after the lapse.
const RENEW_MS = 15_000;
const LAPSE_MS = 60_000;

/**
 * One pod watcher across replicas (DESIGN §10): the replica holding the claim in the store watches every
 * configured environment and feeds the crash cards; the others wait and take over when its claim lapses.
 */
export class CrashWatch {
  private readonly instance = randomUUID();
  private readonly controller = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly deps: { kv: KvRepository; workloads: WorkloadsPort; cards: CrashCards; onError: (error: unknown) => void },
    private readonly timing = { renewMs: RENEW_MS, lapseMs: LAPSE_MS },
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    let watching: AbortController | undefined;
    let watches: Promise<unknown> = Promise.resolve();
    while (!signal.aborted) {
      const held = await claimOnce(this.deps.kv, CLAIMS, 'pods', this.instance, this.timing.lapseMs).catch((error: unknown) => {
        this.deps.onError(error);
        return false;
      });
      if (held && !watching) {
        watching = new AbortController();
        const environments = Object.keys(this.deps.workloads.namespaces());
        const scope = watching.signal;
        watches = Promise.all(environments.map((environment) => this.deps.workloads.watchPods(environment, (change) => void this.deps.cards.observe(change).catch(this.deps.onError), scope).catch(this.deps.onError)));
      } else if (!held && watching) {
        watching.abort();
        watching = undefined;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.timing.renewMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
    watching?.abort();
    await watches;
  }
}
