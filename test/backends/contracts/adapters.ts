import { createDemoBackends } from '../../../src/backends/demo/index.js';
import { createPagerDutyBackends } from '../../../src/backends/pagerduty/index.js';
import type { Backends } from '../../../src/backends/backends.js';
import { KvRepository } from '../../../src/store/kv-repository.js';
import { openStore } from '../../../src/store/open-store.js';
import type { FakePagerDuty } from '../../support/fake-pagerduty-server.js';
import { testConfig } from '../../support/test-opsbot.js';
import { pagerDutyOverrides, startFakePagerDuty, TOKEN } from '../pagerduty/pagerduty-fixture.js';

/** One adapter set under contract: its name, the on-call, paging and incidents ports, and how to stop it. */
export interface AdapterUnderTest {
  name: string;
  backends: Pick<Backends, 'oncall' | 'paging' | 'incidents'>;
  close(): Promise<void>;
}

/** Each adapter of the on-call, paging and incidents ports, on a fresh store (and, for PagerDuty, a fresh peer). */
export const ADAPTERS: Array<{ name: string; open(): Promise<AdapterUnderTest> }> = [
  {
    name: 'demo',
    async open() {
      const store = await openStore({ memory: true });
      const backends = createDemoBackends({ store, config: testConfig() });
      return { name: 'demo', backends, close: () => store.close() };
    },
  },
  {
    name: 'pagerduty',
    async open() {
      const peer: FakePagerDuty = await startFakePagerDuty();
      const store = await openStore({ memory: true });
      const config = testConfig(pagerDutyOverrides(peer.url));
      const backends = createPagerDutyBackends({ config, env: { PAGERDUTY_TOKEN: TOKEN }, kv: new KvRepository(store), now: () => new Date() }) as AdapterUnderTest['backends'];
      return {
        name: 'pagerduty',
        backends,
        async close() {
          await peer.stop();
          await store.close();
        },
      };
    },
  },
];
