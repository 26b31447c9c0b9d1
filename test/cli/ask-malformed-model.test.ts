import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { malformedStream } from '../support/malformed-streams.js';
import { type CliSandbox, cliSandbox, runCli } from './cli-harness.js';

describe('opsbot ask with a model that sends a malformed stream', () => {
  const sandbox: CliSandbox = cliSandbox();
  const server = new FakeAnthropicServer();
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const baseURL = await server.start();
    env = { ...sandbox.env, ANTHROPIC_API_KEY: 'sk-ant-loopback-malformed-0000', ANTHROPIC_BASE_URL: baseURL };
  });
  afterAll(async () => {
    await server.stop();
    sandbox.cleanup();
  });

  for (const defect of ['broken-tool-json', 'truncated', 'garbage-event'] as const) {
    it(`answers through the router and says why (${defect})`, async () => {
      server.enqueue(malformedStream(defect));
      const result = await runCli(['ask', 'status api', '--as', 'U00VIEWER'], env);

      expect(result.stderr).not.toContain('unexpected error');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('(The language model is unavailable: the API sent a malformed response. The offline command router answered instead.)');
      expect(result.stdout).toContain('api (production)');
    });
  }
});
