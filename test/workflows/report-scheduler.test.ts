import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpsbot, type Opsbot } from '../../src/app.js';
import { SlackPoster } from '../../src/bot/slack/slack-poster.js';
import { ReportScheduler } from '../../src/workflows/report-scheduler.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { postgresAvailable, postgresFactory, sqliteFactory, type StoreFactory } from '../support/stores.js';
import { testConfig } from '../support/test-config.js';

const config = testConfig({ reports: [{ name: 'minutely', schedule: '* * * * *', timezone: 'Europe/Berlin', channel: 'C0OPS', sections: ['usage', 'deploys', 'incidents'] }] });
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
      const poster = new SlackPoster(new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl }), opsbot.kv);
      const scheduler = new ReportScheduler({ kv: opsbot.kv, config, backends: opsbot.backends, poster, record: (entry) => opsbot.audit.append(entry), now, onError: (error) => { throw error; } });
      return { opsbot, scheduler };
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

    clock.now = new Date('2026-12-07T12:01:05Z');
    const both = await Promise.all([first.scheduler.tick(), second.scheduler.tick()]);
    expect(both.flat()).toEqual(['minutely@2026-12-07T12:01:00.000Z']);
    expect(posts()).toHaveLength(1);
    const text = String(posts()[0]!.args.text);
    expect(text).toContain('*Report minutely* — 2026-12-07 12:00 to 2026-12-07 12:01 UTC');
    expect(text).toContain('U00DEV (web, identity): 2');
    expect(text).toContain('U00SRE (platform, identity): 1');
    for (const frontEnd of ['slack', 'mcp', 'shell']) expect(text).toMatch(new RegExp(`^\\s+${frontEnd}: 1$`, 'm'));
    expect(text).toContain('deploy (deploy:production): 1');

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
    expect(posts()).toHaveLength(2);
    expect(String(posts()[1]!.args.text)).toContain('2026-12-07 12:05 to 2026-12-07 12:06 UTC');
    const audited = await restarted.opsbot.audit.search({ event: 'report', limit: 10 });
    expect(audited.map((record) => (record.detail as { slot: string }).slot)).toEqual(['2026-12-07T12:01:00.000Z', '2026-12-07T12:06:00.000Z']);
  });
});
