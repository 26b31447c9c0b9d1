import { afterEach, describe, expect, it } from 'vitest';
import { createOpsbot, type Opsbot } from '../../src/app.js';
import { OutboxWorker } from '../../src/bot/outbox/outbox-worker.js';
import { demoConfig } from '../../src/config/demo-config.js';
import { SlackCardSender } from '../../src/bot/slack/slack-card-sender.js';
import { ReportScheduler, SCHEDULER_IDENTITY } from '../../src/workflows/report-scheduler.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { postgresAvailable, postgresFactory, sqliteFactory, type StoreFactory } from '../support/stores.js';
import { testConfig } from '../support/test-config.js';

// Scheduled reports run as opsbot-scheduler, which policy grants reading reports and nothing else.
const policies = { ...demoConfig.policies, roles: { ...demoConfig.policies.roles, scheduler: ['read:reports'] }, users: { ...demoConfig.policies.users, [SCHEDULER_IDENTITY]: ['scheduler'] } };
const config = testConfig({ policies, reports: [{ name: 'minutely', schedule: '* * * * *', timezone: 'Europe/Berlin', channel: 'C0OPS', sections: ['usage', 'deploys', 'incidents'] }] });
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const postgres = await postgresAvailable();

/**
 * A report every minute with two replicas on one store posts once per slot, resumes after a restart catching up
 * only the latest missed slot, and its usage section says what the audit log holds. SQLite and PostgreSQL alike.
 */
describe.each([sqliteFactory, ...(postgres ? [postgresFactory] : [])] as StoreFactory[])('scheduled reports on $name', (factory) => {
  const closing: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  it('posts once per slot across two replicas, survives a restart, catches up one missed slot, and counts usage from the audit log', async () => {
    const opened = await factory.open();
    await opened.store.close();
    closing.push(() => opened.cleanup());
    const fake = await new FakeSlackApi().start();
    closing.push(() => fake.close());
    const clock = { now: new Date('2026-12-07T12:00:30Z') };
    const now = () => clock.now;
    // better-sqlite3 is synchronous: two connections to one file in one process would block each other's thread, so on
    // SQLite the second replica shares the first's store (its own scheduler, its own claims); PostgreSQL gets its own pool.
    const replica = async (sharing?: Opsbot) => {
      const opsbot: Opsbot = sharing ?? (await createOpsbot({ config, env: {}, now, ...(opened.url ? { databaseUrl: opened.url } : { dataDir: opened.dataDir }) }));
      const scheduler = new ReportScheduler({ kv: opsbot.kv, config, gateway: opsbot.gateway, outbox: opsbot.outbox, audit: opsbot.audit, db: opsbot.store.db, now, onError: (error) => { throw error; } });
      // Posts leave through the outbox: whichever process runs a worker sends them, on whichever chat is configured.
      const worker = new OutboxWorker({ outbox: opsbot.outbox, senders: [new SlackCardSender({ token: 'xoxb-test', slackApiUrl: fake.apiUrl })], logger: quiet });
      return { opsbot, scheduler, worker };
    };
    const first = await replica();
    const second = await replica(opened.url ? undefined : first.opsbot);
    const posts = () => fake.callsOf('chat.postMessage').filter((call) => call.args.channel === 'C0OPS');

    // First sight: the current slot is the baseline, nothing is posted.
    expect([...(await first.scheduler.tick()), ...(await second.scheduler.tick())]).toEqual([]);

    // Some use of opsbot within the slot: reads, and a production deploy policy refuses a developer.
    clock.now = new Date('2026-12-07T12:00:40Z');
    await first.opsbot.gateway.call({ tool: 'service_status', args: {}, actor: 'U00DEV', origin: { frontEnd: 'slack', channel: 'C0X' } });
    await first.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v9.9.9' }, actor: 'U00DEV', origin: { frontEnd: 'mcp', session: 's' } });
    await first.opsbot.gateway.call({ tool: 'oncall', args: { about: 'incident_commander' }, actor: 'U00SRE', origin: { frontEnd: 'shell' } });

    // Reads' audit records reach the database within 100 ms (batched); a real slot is ticked seconds after it closes,
    // so the other replica's records are in by then. Here the tick follows at once: wait out that window first.
    await first.opsbot.audit.flush();
    clock.now = new Date('2026-12-07T12:01:05Z');
    const both = await Promise.all([first.scheduler.tick(), second.scheduler.tick()]);
    expect(both.flat()).toEqual(['minutely@2026-12-07T12:01:00.000Z']);
    await Promise.all([first.worker.drain(), second.worker.drain()]);
    expect(posts()).toHaveLength(1);
    // The report's chart (its deploys panel) follows as exactly one PNG in the post's thread, uploaded after the post.
    const reports = () => [...fake.messages.values()].filter((message) => message.channel === 'C0OPS' && !message.threadTs);
    const chartOf = (index: number) => fake.threadFiles('C0OPS', reports()[index]!.ts);
    expect(reports()).toHaveLength(1);
    expect(chartOf(0)).toEqual([expect.objectContaining({ filename: 'report-minutely.png', completed: expect.objectContaining({ title: 'Report minutely' }) })]);
    expect(chartOf(0)[0]!.bytes!.subarray(1, 4).toString()).toBe('PNG');
    expect(fake.calls.findIndex((call) => call.method === 'files.getUploadURLExternal')).toBeGreaterThan(fake.calls.indexOf(posts()[0]!));
    expect(fake.callsOf('files.completeUploadExternal')).toHaveLength(1);
    const text = String(posts()[0]!.args.text);
    expect(text).toContain('*Report minutely* — 2026-12-07 12:00 to 2026-12-07 12:01 UTC');
    // The usage section says what the audit log holds: every request per person and per front end since the period began.
    const calls = await first.opsbot.audit.search({ event: 'call', limit: 100 });
    const count = (pick: (record: (typeof calls)[number]) => string) => calls.reduce((counts, record) => counts.set(pick(record), (counts.get(pick(record)) ?? 0) + 1), new Map<string, number>());
    const people = count((record) => record.actor);
    expect(people.get('U00DEV')).toBe(2);
    expect(text).toContain(`U00DEV (web, identity): ${people.get('U00DEV')}`);
    expect(text).toContain(`U00SRE (platform, identity): ${people.get('U00SRE')}`);
    // The report itself is a read by the scheduler's identity, through the gateway, so usage and audit show it.
    expect(text).toContain(`${SCHEDULER_IDENTITY}: ${people.get(SCHEDULER_IDENTITY)}`);
    for (const [frontEnd, n] of count((record) => (record.origin as { frontEnd: string }).frontEnd)) expect(text).toMatch(new RegExp(`^\\s+${frontEnd}: ${n}$`, 'm'));
    expect(text).toContain('deploy (deploy:production): 1');
    expect(await first.opsbot.audit.search({ actor: SCHEDULER_IDENTITY, event: 'result', limit: 10 })).toEqual([expect.objectContaining({ tool: 'report_run' })]);

    // The same slot again, from either replica: nothing more.
    expect([...(await first.scheduler.tick()), ...(await second.scheduler.tick())]).toEqual([]);

    // A restart after five minutes down: one post, for the latest slot only.
    await first.opsbot.close();
    if (second.opsbot !== first.opsbot) await second.opsbot.close();
    clock.now = new Date('2026-12-07T12:06:10Z');
    const restarted = await replica();
    closing.push(() => restarted.opsbot.close());
    expect(await restarted.scheduler.tick()).toEqual(['minutely@2026-12-07T12:06:00.000Z']);
    expect(await restarted.scheduler.tick()).toEqual([]);
    await restarted.worker.drain();
    expect(posts()).toHaveLength(2);
    expect(String(posts()[1]!.args.text)).toContain('2026-12-07 12:05 to 2026-12-07 12:06 UTC');
    expect(reports()).toHaveLength(2);
    expect(chartOf(1)).toHaveLength(1);
    expect(fake.callsOf('files.completeUploadExternal')).toHaveLength(2);
    const audited = await restarted.opsbot.audit.search({ event: 'report', limit: 10 });
    expect(audited.map((record) => (record.detail as { slot: string }).slot)).toEqual(['2026-12-07T12:01:00.000Z', '2026-12-07T12:06:00.000Z']);
  });
  it('runs as an identity policy must grant: without read:reports the slot is refused, audited, and nothing is posted', async () => {
    const opened = await factory.open();
    await opened.store.close();
    closing.push(() => opened.cleanup());
    const clock = { now: new Date('2026-12-07T12:00:30Z') };
    const opsbot = await createOpsbot({ config, env: {}, now: () => clock.now, ...(opened.url ? { databaseUrl: opened.url } : { dataDir: opened.dataDir }) });
    closing.push(() => opsbot.close());
    const errors: string[] = [];
    const scheduler = new ReportScheduler({ kv: opsbot.kv, config, gateway: opsbot.gateway, outbox: opsbot.outbox, audit: opsbot.audit, db: opsbot.store.db, actor: 'opsbot-nobody', now: () => clock.now, onError: (error) => errors.push(String(error)) });
    await scheduler.tick();
    clock.now = new Date('2026-12-07T12:01:05Z');
    expect(await scheduler.tick()).toEqual([]);
    expect(errors).toEqual([expect.stringContaining('opsbot-nobody lacks read:reports')]);
    expect(await opsbot.audit.search({ actor: 'opsbot-nobody', event: 'call', limit: 10 })).toEqual([expect.objectContaining({ tool: 'report_run', decision: 'deny' })]);
    expect(await opsbot.outbox.list()).toEqual([]);
    // The refused slot is settled, not retried on every tick.
    expect(await scheduler.tick()).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
