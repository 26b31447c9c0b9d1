import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/agent/router/parse-message.js';
import { testConfig } from '../../support/test-config.js';

const config = testConfig();

describe('router: deploy locks and forced deploys', () => {
  it('reads lock, unlock and deploy! phrasings', () => {
    expect(parseMessage('lock frontend in production "migrating db"', config)).toMatchObject([{ kind: 'call', tool: 'deploy_lock', args: { service: 'frontend', environment: 'production', reason: 'migrating db' } }]);
    expect(parseMessage('unlock frontend in production', config)).toMatchObject([{ kind: 'call', tool: 'deploy_unlock', args: { service: 'frontend', environment: 'production' } }]);
    expect(parseMessage('deploy! frontend v2.4.0 to production', config)).toMatchObject([{ kind: 'call', tool: 'deploy', args: { service: 'frontend', version: 'v2.4.0', environment: 'production', force: true } }]);
    expect(parseMessage('deploy frontend v2.4.0 to production', config)[0]).not.toHaveProperty('args.force');
    expect(parseMessage('lock frontend in production', config)).toMatchObject([{ kind: 'incomplete', tool: 'deploy_lock' }]);
  });
});
