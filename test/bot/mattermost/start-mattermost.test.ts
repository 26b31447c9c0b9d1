import { afterEach, describe, expect, it } from 'vitest';
import { createMattermostPort } from '../../../src/bot/mattermost/start-mattermost.js';
import { ConfigError } from '../../../src/errors.js';
import { redactText } from '../../../src/util/redact.js';
import { FakeMattermostServer } from '../../support/mattermost/fake-mattermost-server.js';

const references = { token: 'env:MM_TEST_TOKEN', commandToken: 'env:MM_TEST_COMMAND_TOKEN', actionSecret: 'env:MM_TEST_ACTION_SECRET', port: 0, host: '127.0.0.1' };

describe('createMattermostPort', () => {
  let server: FakeMattermostServer | undefined;
  afterEach(async () => server?.close());

  it('reads the three secrets from the environment, registers them for redaction, and talks to the configured url', async () => {
    server = await new FakeMattermostServer({ token: 'mm-start-bot-token-5521' }).start();
    const channel = server.addChannel('ops');
    const env = { MM_TEST_TOKEN: 'mm-start-bot-token-5521', MM_TEST_COMMAND_TOKEN: 'mm-start-command-9912', MM_TEST_ACTION_SECRET: 'mm-start-action-3377' };
    const port = createMattermostPort({ url: server.url, ...references }, env);
    await port.post({ channel }, { text: ['hello'] });
    expect(server.posts.size).toBe(1);
    for (const secret of Object.values(env)) expect(redactText(`a log line with ${secret}`)).not.toContain(secret);
  });

  it('refuses unset or short variables, naming them and not their values', () => {
    let failure: unknown;
    try {
      createMattermostPort({ url: 'http://127.0.0.1:1', ...references }, { MM_TEST_TOKEN: 'mm-start-bot-token-5521', MM_TEST_COMMAND_TOKEN: 'abc' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ConfigError);
    const issues = (failure as ConfigError).issues;
    expect(issues).toHaveLength(2);
    expect(issues[0]).toContain('chat.mattermost.commandToken: MM_TEST_COMMAND_TOKEN is too short');
    expect(issues[1]).toContain('chat.mattermost.actionSecret: MM_TEST_ACTION_SECRET is not set');
    expect(issues.join('\n')).not.toContain('abc');
  });
});
