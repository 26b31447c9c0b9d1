import { describe, expect, it } from 'vitest';
import { createResponder } from '../../src/agent/create-responder.js';
import { OfflineNotices, unavailableNotice } from '../../src/agent/unavailable-notice.js';
import { testOpsbot } from '../support/test-opsbot.js';

describe('the offline notice', () => {
  it('is said once per conversation, and again after the model answered there', () => {
    const notices = new OfflineNotices();
    expect(notices.lineFor('shell:a', 'down')).toBe(`${unavailableNotice('down')}\n`);
    expect(notices.lineFor('shell:a', 'down')).toBe('');
    expect(notices.lineFor('slack:C1:1.2', 'down')).not.toBe('');
    notices.recovered('shell:a');
    expect(notices.lineFor('shell:a', 'down')).not.toBe('');
  });

  it('leads only the first reply of a shell session without a key', async () => {
    const opsbot = await testOpsbot();
    try {
      const responder = await createResponder(opsbot, { env: {} });
      const ask = (conversationId: string) => responder.respond({ text: 'status', actor: 'U00VIEWER', origin: { frontEnd: 'shell', conversationId } });
      expect((await ask('shell:one')).text).toMatch(/^\(The language model is unavailable: ANTHROPIC_API_KEY is not set/);
      expect((await ask('shell:one')).text).toMatch(/^NORMAL|^Not NORMAL/);
      expect((await ask('shell:two')).text).toMatch(/^\(The language model is unavailable/);
    } finally {
      await opsbot.cleanup();
    }
  });
});
