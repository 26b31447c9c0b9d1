import { configSchema, type Config, type ConfigInput } from '../../../src/config/schema.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { createDemoBackends, type DemoBackends } from '../../../src/backends/demo/index.js';
import { openStore, type Store } from '../../../src/store/open-store.js';

/** A clock tests move by hand; every demo adapter reads time only through it. */
export class TestClock {
  constructor(private current: Date) {}

  readonly now = (): Date => new Date(this.current.getTime());

  set(iso: string): void {
    this.current = new Date(iso);
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}

/** The demo config with `demo` settings (outages, broken versions, deploy time) overridden, and other fields replaced. */
export function demoConfigWith(options: { demo?: Partial<Config['demo']>; replace?: Partial<ConfigInput> } = {}): Config {
  return configSchema.parse({ ...demoConfig, ...options.replace, demo: { ...demoConfig.demo, ...options.demo } });
}

/** Demo backends over an in-memory store (or `store` when given), at a fixed time. */
export async function demoFixture(options: { at?: string; config?: Config; store?: Store } = {}): Promise<{ backends: DemoBackends; clock: TestClock; store: Store; config: Config }> {
  const store = options.store ?? (await openStore({ memory: true }));
  const clock = new TestClock(new Date(options.at ?? '2026-11-18T14:00:00Z'));
  const config = options.config ?? demoConfigWith();
  return { backends: createDemoBackends({ store, config, now: clock.now }), clock, store, config };
}
