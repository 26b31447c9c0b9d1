import { describe, expect, it } from 'vitest';
import { DeployClaimsRepository } from '../../src/store/deploy-claims-repository.js';
import { openStore } from '../../src/store/open-store.js';

describe('deploy claims', () => {
  it('hold against a second claimant, are released by their holder only, and lapse with the lease', async () => {
    const store = await openStore({ memory: true, dataDir: '' });
    let now = new Date('2026-12-07T12:00:00Z');
    const claims = new DeployClaimsRepository(store, 60_000, () => now);
    try {
      expect(await claims.claim('frontend', 'staging', 'A1')).toEqual({ claimed: true });
      expect(await claims.claim('frontend', 'staging', 'A2')).toMatchObject({ claimed: false, holder: { actionId: 'A1' } });
      // Another environment is another claim.
      expect(await claims.claim('frontend', 'production', 'A2')).toEqual({ claimed: true });
      await claims.release('frontend', 'staging', 'A2');
      expect(await claims.claim('frontend', 'staging', 'A3')).toMatchObject({ claimed: false, holder: { actionId: 'A1' } });
      await claims.release('frontend', 'staging', 'A1');
      expect(await claims.claim('frontend', 'staging', 'A3')).toEqual({ claimed: true });
      // No running action renews A3's or A2's lease: after one lease both are swept.
      now = new Date(now.getTime() + 61_000);
      expect(await claims.sweep()).toBe(2);
      expect(await claims.claim('frontend', 'staging', 'A4')).toEqual({ claimed: true });
    } finally {
      await store.close();
    }
  });
});
