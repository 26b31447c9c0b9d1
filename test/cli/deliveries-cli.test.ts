import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { cliSandbox, type CliSandbox } from './cli-harness.js';

describe('opsbot deliveries', () => {
  let sandbox: CliSandbox;
  afterEach(() => sandbox.cleanup());

  it('lists what waits and why, and puts blocked cards back in line on retry', async () => {
    sandbox = cliSandbox();
    expect((await sandbox.run(['deliveries'])).stdout).toContain('Nothing is waiting to be posted.');
    const store = await openStore({ dataDir: sandbox.dataDir });
    const outbox = new OutboxRepository(store, { retryHours: 24 });
    await outbox.enqueue([{ cardKey: 'alert:x', purpose: 'alert-card', channel: 'C0PRIVATE', content: { text: 'Firing: X' } }, { purpose: 'notice', channel: 'C0OPS', content: { text: 'n' } }]);
    const row = await outbox.claimNext('test', 60_000);
    await outbox.block(row!, 'test', 'not_in_channel');
    await store.close();

    const blocked = await sandbox.run(['deliveries', '--state', 'blocked']);
    expect(blocked.code).toBe(0);
    expect(blocked.stdout).toMatch(/^blocked +since \S+ +alert-card post to C0PRIVATE — not_in_channel \(1 attempt\)/m);
    expect(blocked.stdout).not.toContain('notice');
    expect(blocked.stdout).toContain('1 pending, 1 blocked, 0 failed, 0 sent.');
    expect((await sandbox.run(['deliveries', '--state', 'sideways'])).code).toBe(2);

    const retried = await sandbox.run(['deliveries', 'retry']);
    expect(retried.stdout).toContain('1 message(s) will be sent again by the running Slack front end.');
    expect((await sandbox.run(['deliveries', '--state', 'blocked'])).stdout).toContain('Nothing blocked is waiting to be posted.');
  });
});
