import { describe, expect, it } from 'vitest';
import { createOpsbot, type Opsbot } from '../../src/app.js';
import { parseDeployId } from '../../src/backends/github/deployment-view.js';
import type { ResolveOutcome } from '../../src/actions/outcomes.js';
import { SLACK, startFakeGitHub, useGitHubDeploys, waitFor } from '../backends/github/github-deploys-fixture.js';
import { postgresAvailable, postgresFactory } from '../support/stores.js';
import { testConfig } from '../support/test-config.js';

const hasPostgres = await postgresAvailable();
const ROUNDS = 6;

describe.skipIf(!hasPostgres)('one deploy per service and environment across replicas (GitHub adapter, PostgreSQL)', () => {
  it('of two different deploys of frontend/staging approved on two replicas at the same instant, exactly one runs, every round', async () => {
    const schema = await postgresFactory.open();
    await schema.store.close();
    const github = await startFakeGitHub(() => new Date());
    const replicas: Opsbot[] = [];
    try {
      for (let index = 0; index < 2; index++) {
        const replica = await createOpsbot({ config: testConfig(), databaseUrl: schema.url, env: {} });
        replicas.push(replica);
        useGitHubDeploys(replica, github);
      }
      const [first, second] = replicas as [Opsbot, Opsbot];
      const seeded = await first.backends.deploys.deploy({ service: 'frontend', environment: 'staging', version: 'v2.3.1', requestedBy: 'U00LEAD' });
      github.addStatus(parseDeployId(seeded.id)!.deploymentId, 'success');
      // A real API's round trip: without a claim in the store, both replicas read "nothing in progress" and both create.
      github.latencyMs = 20;
      let running = 'v2.3.1';
      for (let round = 0; round < ROUNDS; round++) {
        const [left, right] = ['v2.3.1', 'v2.4.0', 'v2.5.0'].filter((version) => version !== running) as [string, string];
        const proposals = await Promise.all([
          first.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: left }, actor: 'U00LEAD', origin: SLACK }),
          second.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'staging', version: right }, actor: 'U00LEAD', origin: SLACK }),
        ]);
        const ids = proposals.map((proposal) => {
          if (proposal.status !== 'pending') throw new Error(`round ${round}: expected a proposal, got ${proposal.text}`);
          return proposal.action.id;
        });
        const before = github.deployments.length;
        const outcomes: ResolveOutcome[] = [];
        const confirms = [first.gateway.confirm(ids[0]!, 'U00LEAD', SLACK), second.gateway.confirm(ids[1]!, 'U00LEAD', SLACK)].map((confirm) => confirm.then((outcome) => outcomes.push(outcome)));
        const done = Promise.all(confirms);
        // Play the deployer: every deployment created this round succeeds once it exists.
        await waitFor(() => github.deployments.length > before, `round ${round}: a deployment`);
        let settled = false;
        void done.then(() => (settled = true));
        while (!settled) {
          for (const deployment of github.deployments.slice(before)) if (deployment.statuses.length === 0) github.addStatus(deployment.id, 'success');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(github.deployments.length - before, `round ${round}: deployments created`).toBe(1);
        const states = outcomes.map((outcome) => outcome.action?.state).sort();
        expect(states, `round ${round}`).toEqual(['failed', 'succeeded']);
        const refused = outcomes.find((outcome) => outcome.action?.state === 'failed')!;
        expect(refused.text).toMatch(/already (being deployed|has a deploy in progress) in staging/);
        running = github.deployments.at(-1)!.ref;
      }
      // Every claim was released on its outcome: the next deploy is not held back by a leftover.
      const claims = await first.kv.list('deploying');
      expect(claims).toEqual([]);
    } finally {
      for (const replica of replicas) await replica.close();
      await github.stop();
      await schema.cleanup();
    }
  }, 60_000);
});
