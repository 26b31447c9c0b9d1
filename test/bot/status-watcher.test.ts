import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusWatcher, type WatchChange } from '../../src/bot/status-watcher.js';
import type { Origin } from '../../src/actions/origin.js';
import { testOpsbot } from '../support/test-opsbot.js';
import { HandSetMetrics } from '../support/hand-set-metrics.js';

const shellOrigin: Origin = { frontEnd: 'shell', conversationId: 'shell:test' };

describe('StatusWatcher', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('reports a change once, after a silent baseline, checking through the gateway as the owner', async () => {
    const metrics = new HandSetMetrics();
    const opsbot = await testOpsbot({ backends: { metrics } });
    cleanups.push(() => opsbot.cleanup());
    await opsbot.gateway.call({ tool: 'status_watch', args: { action: 'stalk', service: 'frontend' }, actor: 'U00VIEWER', origin: shellOrigin });
    const seen: WatchChange[] = [];
    const watcher = new StatusWatcher({ gateway: opsbot.gateway, watches: opsbot.backends.watches, onChange: (watch, previous, current) => void seen.push({ watch, previous, current }) });

    expect(await watcher.checkOnce()).toEqual([]);
    metrics.health = 'DEGRADED';
    const changes = await watcher.checkOnce();
    expect(changes.map((change) => [change.watch.target, change.previous, change.current])).toEqual([['frontend', 'NORMAL', 'DEGRADED']]);
    expect(seen.map((change) => change.current)).toEqual(['DEGRADED']);
    expect(await watcher.checkOnce()).toEqual([]);

    const audited = await opsbot.audit.search({ tool: 'service_status', actor: 'U00VIEWER', event: 'call', limit: 10 });
    expect(audited).toHaveLength(3);
  });

  it('reads the status when the watch starts, so a change before the first poll is reported', async () => {
    const metrics = new HandSetMetrics();
    const opsbot = await testOpsbot({ backends: { metrics } });
    cleanups.push(() => opsbot.cleanup());
    const started = await opsbot.gateway.call({ tool: 'status_watch', args: { action: 'stalk', service: 'payments' }, actor: 'U00VIEWER', origin: shellOrigin });
    expect(started).toMatchObject({ status: 'ok', text: expect.stringMatching(/^Watching payments: NORMAL\./) });
    const seen: string[] = [];
    const watcher = new StatusWatcher({ gateway: opsbot.gateway, watches: opsbot.backends.watches, onChange: (_watch, previous, current) => void seen.push(`${previous} → ${current}`) });
    // The change lands within the first interval (2 s after stalk in the case), before any poll.
    metrics.health = 'DEGRADED';
    await watcher.checkOnce();
    expect(seen).toEqual(['NORMAL → DEGRADED']);
  });

  it('keeps a watch with its conversation: anyone there sees who started it and may stop it', async () => {
    const opsbot = await testOpsbot({});
    cleanups.push(() => opsbot.cleanup());
    const channel = (user: string, ts: string) => ({ actor: user, origin: { frontEnd: 'slack' as const, channel: 'C0OPS', threadTs: ts, messageTs: ts, conversationId: `slack:C0OPS:${ts}` } });
    const call = (action: string, who: { actor: string; origin: Origin }) => opsbot.gateway.call({ tool: 'status_watch', args: { action, service: 'api' }, ...who });
    await call('stalk', channel('U00DEV', '1.1'));
    expect(await call('stalk', channel('U00SRE', '2.2'))).toMatchObject({ text: expect.stringContaining('Already watching api here (started by') });
    expect((await call('stalk', channel('U00SRE', '2.2'))).text).toContain(opsbot.config.people.U00DEV?.name ?? 'U00DEV');
    expect(await call('unstalk', channel('U00SRE', '3.3'))).toMatchObject({ text: 'Stopped watching api.' });
    expect(await opsbot.backends.watches.list()).toEqual([]);
  });

  it('watches only from a front end that keeps running: a one-shot ask says so and stores nothing', async () => {
    const opsbot = await testOpsbot({});
    cleanups.push(() => opsbot.cleanup());
    const asked = await opsbot.gateway.call({ tool: 'status_watch', args: { action: 'stalk' }, actor: 'U00DEV', origin: { frontEnd: 'cli', conversationId: 'cli:1' } });
    expect(asked).toMatchObject({ text: expect.stringContaining('Watching needs a front end that keeps running') });
    expect(await opsbot.backends.watches.list()).toEqual([]);
  });

  it('ignores watches another front end reports', async () => {
    const metrics = new HandSetMetrics();
    const opsbot = await testOpsbot({ backends: { metrics } });
    cleanups.push(() => opsbot.cleanup());
    await opsbot.gateway.call({ tool: 'status_watch', args: { action: 'stalk', service: 'api' }, actor: 'U00DEV', origin: { frontEnd: 'slack', channel: 'C1' } });
    const watcher = new StatusWatcher({ gateway: opsbot.gateway, watches: opsbot.backends.watches, filter: (watch) => (watch.origin as Origin).frontEnd === 'shell', onChange: () => undefined });
    await watcher.checkOnce();
    metrics.health = 'DOWN';
    expect(await watcher.checkOnce()).toEqual([]);
    // Still the status stalk read: the shell's watcher neither reported nor recorded Slack's watch.
    expect((await opsbot.backends.watches.list())[0]?.lastStatus).toBe('NORMAL');
  });

  it('resumes after a restart and reports a change that happened while it was down', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-watch-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const first = await testOpsbot({ onDisk: true, dataDir });
    await first.gateway.call({ tool: 'status_watch', args: { action: 'stalk', service: 'payments' }, actor: 'U00SRE', origin: shellOrigin });
    await new StatusWatcher({ gateway: first.gateway, watches: first.backends.watches, onChange: () => undefined }).checkOnce();
    expect((await first.backends.watches.list())[0]?.lastStatus).toBe('NORMAL');
    await first.close();

    // The metrics backend is unreachable after the restart, so payments' status is now UNKNOWN.
    const second = await testOpsbot({ onDisk: true, dataDir, overrides: { demo: { brokenVersions: [], deploySeconds: 0.4, outages: ['metrics'] } } });
    cleanups.unshift(() => second.close());
    const changes = await new StatusWatcher({ gateway: second.gateway, watches: second.backends.watches, onChange: () => undefined }).checkOnce();
    expect(changes.map((change) => [change.watch.target, change.previous, change.current])).toEqual([['payments', 'NORMAL', 'UNKNOWN']]);
  });

  it('polls on its interval once started', async () => {
    const metrics = new HandSetMetrics();
    const opsbot = await testOpsbot({ backends: { metrics } });
    cleanups.push(() => opsbot.cleanup());
    await opsbot.gateway.call({ tool: 'status_watch', args: { action: 'stalk', service: 'auth' }, actor: 'U00DEV', origin: shellOrigin });
    let resolveChange: (change: string) => void = () => undefined;
    const changed = new Promise<string>((resolve) => (resolveChange = resolve));
    const watcher = new StatusWatcher({ gateway: opsbot.gateway, watches: opsbot.backends.watches, intervalMs: 20, onChange: (_watch, previous, current) => resolveChange(`${previous}→${current}`) });
    await watcher.checkOnce();
    metrics.health = 'DOWN';
    watcher.start();
    expect(await changed).toBe('NORMAL→DOWN');
    await watcher.stop();
  });
});
