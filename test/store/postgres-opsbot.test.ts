import { describe, expect, it } from 'vitest';
import { createOpsbot } from '../../src/app.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import { testConfig } from '../support/test-config.js';
import { postgresAvailable, postgresFactory } from '../support/stores.js';

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('opsbot on PostgreSQL (DATABASE_URL)', () => {
  it('proposes, approves and runs a deploy across two replicas, with one audit chain', async () => {
    const schema = await postgresFactory.open();
    await schema.store.close();
    const origin = { frontEnd: 'test' as const };
    const first = await createOpsbot({ config: testConfig(), databaseUrl: schema.url, env: {} });
    const second = await createOpsbot({ config: testConfig(), databaseUrl: schema.url, env: {} });
    try {
      const proposed = await first.gateway.call({ tool: 'deploy', args: { service: 'payments', environment: 'production', version: 'v5.2.0' }, actor: 'U00LEAD', origin });
      if (proposed.status !== 'pending') throw new Error(`expected pending, got ${proposed.text}`);
      const results = await Promise.all([first.gateway.confirm(proposed.action.id, 'U00LEAD2', origin), second.gateway.confirm(proposed.action.id, 'U00LEAD2', origin)]);
      expect(results.map((result) => result.status).sort()).toEqual(['executed', 'not_pending']);
      const status = await second.gateway.call({ tool: 'service_status', args: { service: 'payments' }, actor: 'U00VIEWER', origin });
      expect(status.text).toContain('· v5.2.0');
      expect(verifyChain(await second.audit.rows(), await second.audit.head())).toMatchObject({ ok: true });
    } finally {
      await first.close();
      await second.close();
      await schema.cleanup();
    }
  });
});
