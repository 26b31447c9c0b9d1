import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalCardStore } from '../../../src/bot/conversation/approval-card-store.js';
import { testOpsbot } from '../../support/test-opsbot.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('approval card records', () => {
  it('reads a card a Slack-only release stored, so it stays in step after an upgrade', async () => {
    const opsbot = await testOpsbot();
    cleanup = () => opsbot.cleanup();
    await opsbot.kv.put('slack-cards', 'act_old', { channel: 'C0OPS', ts: '1.2', outcomeThread: { channel: 'C0OPS', threadTs: '1.1' }, state: 'running', outcomeTs: '1.3' });
    const store = new ApprovalCardStore(opsbot.kv);
    expect(await store.get('act_old')).toEqual({ platform: 'slack', channel: 'C0OPS', id: '1.2', state: 'running', outcome: { platform: 'slack', channel: 'C0OPS', thread: '1.1', messageId: '1.3' } });
  });

  it('remembers the platform of a card, and forgets finished ones in the sweep list', async () => {
    const opsbot = await testOpsbot();
    cleanup = () => opsbot.cleanup();
    const store = new ApprovalCardStore(opsbot.kv);
    const record = { platform: 'teams' as const, channel: '19:ops@thread.tacv2', id: '1700', state: 'proposed' as const, outcome: { platform: 'teams' as const, channel: '19:ops@thread.tacv2', thread: '1699' } };
    await store.save('act_new', record);
    expect(await store.get('act_new')).toEqual(record);
    expect(await store.openActionIds()).toEqual(['act_new']);
    await store.save('act_new', { ...record, state: 'rejected' });
    expect(await store.openActionIds()).toEqual([]);
  });
});
