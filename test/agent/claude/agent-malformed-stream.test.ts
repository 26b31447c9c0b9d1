import { afterEach, describe, expect, it } from 'vitest';
import { reply, toolUse } from '../../support/fake-anthropic-server.js';
import { malformedStream, type StreamDefect } from '../../support/malformed-streams.js';
import { agentFixture } from './agent-fixture.js';

type Fixture = Awaited<ReturnType<typeof agentFixture>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const NOTICE = '(The language model is unavailable: the API sent a malformed response. The offline command router answered instead.)';

describe('ClaudeAgent on a malformed model stream', () => {
  for (const defect of ['broken-tool-json', 'truncated', 'garbage-event'] satisfies StreamDefect[]) {
    it(`falls back to the router, saying why, on ${defect}`, async () => {
      fixture = await agentFixture();
      fixture.server.enqueue(malformedStream(defect));
      const answer = await fixture.ask('status api');

      expect(answer.offline).toBe(true);
      expect(answer.text.split('\n')[0]).toBe(NOTICE);
      expect(answer.text).toContain('api (production)');
      // The half-parsed deploy in the stream never reached the gateway.
      expect(await fixture.opsbot.actions.recent(10)).toHaveLength(0);
    });
  }

  it('after a tool ran, reports what was done instead of letting the router repeat it', async () => {
    fixture = await agentFixture();
    fixture.server.enqueue(reply([toolUse('deploy', { service: 'api', environment: 'staging', version: 'v1.9.0' })]), malformedStream('broken-tool-json'));
    const answer = await fixture.ask('deploy api v1.9.0 to staging');

    expect(answer.offline).toBe(true);
    expect(answer.text).toContain('the API sent a malformed response');
    expect(answer.text).toContain('proposed act_');
    expect(await fixture.opsbot.actions.recent(10)).toHaveLength(1);
  });
});
