import type { Config } from '../../config/schema.js';
import type { KvRepository } from '../../store/kv-repository.js';

/** What every demo adapter is built from: the store for simulated state, the config for the catalog, and one clock. */
export interface DemoContext {
  kv: KvRepository;
  config: Config;
  /** Every time-dependent answer reads this clock, so tests (and the demo) can move time. */
  now: () => Date;
}
