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

  it('reads locks in plain English and Japanese; an unlock before a lock, and a lock before a deploy', () => {
    expect(parseMessage('/deploy lock api staging db work', config)).toMatchObject([{ kind: 'call', tool: 'deploy_lock', args: { service: 'api', environment: 'staging', reason: 'db work' } }]);
    expect(parseMessage('please freeze deploys of api in staging because of the db migration', config)).toMatchObject([{ kind: 'call', tool: 'deploy_lock', args: { service: 'api', environment: 'staging', reason: 'the db migration' } }]);
    expect(parseMessage('本番のfrontendのデプロイをロックして。理由は「DB移行中」', config)).toMatchObject([{ kind: 'call', tool: 'deploy_lock', args: { service: 'frontend', environment: 'production', reason: 'DB移行中' } }]);
    expect(parseMessage('本番のfrontendのデプロイロックを解除して', config)).toMatchObject([{ kind: 'call', tool: 'deploy_unlock', args: { service: 'frontend', environment: 'production' } }]);
    expect(parseMessage('本番のfrontendのデプロイをロックして', config)).toMatchObject([{ kind: 'incomplete', tool: 'deploy_lock', problem: expect.stringMatching(/Why/) }]);
    // A lock, like a deploy, never guesses its environment.
    expect(parseMessage('lock frontend "migrating db"', config)).toMatchObject([{ kind: 'incomplete', tool: 'deploy_lock', problem: expect.stringMatching(/Which environment/) }]);
  });
});
