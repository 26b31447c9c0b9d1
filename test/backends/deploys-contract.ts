import { describe, expect, it } from 'vitest';
import type { DeployRecord, DeploysPort } from '../../src/backends/ports/deploys.js';
import { ToolFailure } from '../../src/errors.js';

/** One adapter set up for the contract: frontend runs `running` in production, and the deploy system can be driven. */
export interface DeploysUnderTest {
  port: DeploysPort;
  running: string;
  /** Versions the deploy system knows (tags), newer than `running`. */
  next: string;
  later: string;
  /** A version whose deploy the deploy system will report as failed. */
  broken: string;
  /** Makes the deploy system report the end of a started deploy (failed for `broken`, else succeeded). */
  finish(record: DeployRecord): Promise<void>;
  close(): Promise<void>;
}

/** The DeploysPort contract (DESIGN §8): every adapter must pass it. */
export function deploysContract(name: string, setup: () => Promise<DeploysUnderTest>): void {
  describe(`deploys port contract: ${name}`, () => {
    const withAdapter = (test: (adapter: DeploysUnderTest) => Promise<void>) => async () => {
      const adapter = await setup();
      try {
        await test(adapter);
      } finally {
        await adapter.close();
      }
    };

    it(
      'resolves a known version and refuses one that names nothing, before anything starts',
      withAdapter(async ({ port, next }) => {
        await expect(port.preflight({ service: 'frontend', environment: 'production', version: next })).resolves.toMatchObject({ version: next });
        await expect(port.preflight({ service: 'frontend', environment: 'production', version: 'no-such-branch' })).rejects.toBeInstanceOf(ToolFailure);
        expect((await port.current('frontend', 'production')).inProgress).toBeNull();
      }),
    );

    it(
      'deploys: in progress, then succeeded, then current; history records who asked and who approved',
      withAdapter(async (adapter) => {
        const { port, running, next } = adapter;
        const started = await port.deploy({ service: 'frontend', environment: 'production', version: next, requestedBy: 'U00LEAD', approvedBy: 'U00LEAD2' });
        expect(started).toMatchObject({ kind: 'deploy', state: 'in_progress', version: next, previousVersion: running });
        expect((await port.current('frontend', 'production')).inProgress?.id).toBe(started.id);
        await adapter.finish(started);
        expect(await port.get(started.id)).toMatchObject({ state: 'succeeded', version: next });
        expect(await port.current('frontend', 'production')).toMatchObject({ version: next, inProgress: null });
        const [latest] = await port.history('frontend', 'production', 5);
        expect(latest).toMatchObject({ id: started.id, requestedBy: 'U00LEAD', approvedBy: 'U00LEAD2' });
      }),
    );

    it(
      'refuses a second deploy of the same service and environment while one is in progress',
      withAdapter(async ({ port, next, later }) => {
        const first = await port.deploy({ service: 'frontend', environment: 'production', version: next, requestedBy: 'U00LEAD' });
        const refused = await port.deploy({ service: 'frontend', environment: 'production', version: later, requestedBy: 'U00LEAD2' }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ToolFailure);
        expect((refused as Error).message).toContain(first.id);
        await expect(port.preflight({ service: 'frontend', environment: 'production', version: later })).rejects.toThrow(/in progress/);
      }),
    );

    it(
      'keeps the running version when a deploy fails',
      withAdapter(async (adapter) => {
        const { port, running, broken } = adapter;
        const started = await port.deploy({ service: 'frontend', environment: 'production', version: broken, requestedBy: 'U00LEAD' });
        await adapter.finish(started);
        expect((await port.get(started.id))!.state).toBe('failed');
        expect(await port.current('frontend', 'production')).toMatchObject({ version: running, inProgress: null });
      }),
    );

    it(
      'rolls back to the previous successful version',
      withAdapter(async (adapter) => {
        const { port, running, next } = adapter;
        const deployed = await port.deploy({ service: 'frontend', environment: 'production', version: next, requestedBy: 'U00LEAD' });
        await adapter.finish(deployed);
        const rollback = await port.rollback({ service: 'frontend', environment: 'production', requestedBy: 'U00LEAD' });
        expect(rollback).toMatchObject({ kind: 'rollback', version: running, previousVersion: next, state: 'in_progress' });
        await adapter.finish(rollback);
        expect((await port.current('frontend', 'production')).version).toBe(running);
      }),
    );
  });
}
