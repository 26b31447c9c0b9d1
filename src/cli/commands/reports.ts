import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { formatUsage, usageSince } from '../../audit/usage.js';
import { parseChannelRef } from '../../bot/conversation/platforms.js';
import { OutboxWorker } from '../../bot/outbox/outbox-worker.js';
import { slackSendersFrom } from '../../bot/slack/slack-senders.js';
import { OpsbotError } from '../../errors.js';
import { teamsOf } from '../../tools/report-sections.js';
import { reportMessages } from '../../workflows/report-scheduler.js';
import { print, printJson } from '../print.js';
import { resolveIdentity } from './identity.js';
import { withOpsbot } from './open-opsbot.js';

const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Registers `opsbot report run NAME [--print]`, `opsbot report list` and `opsbot usage [--since 30d] [--json]`. */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('scheduled reports (reports: in opsbot.yaml)');
  report
    .command('run <name>')
    .description("run a report now and post it to its channel (Slack at once from SLACK_BOT_TOKEN; other platforms through the running opsbot), or print it with --print")
    .option('--print', 'print the report instead of posting it')
    .option('--as <user>', 'whose read it is (policy decides); default OPSBOT_USER, else the least privileged user')
    .action(async (name: string, options: { print?: boolean; as?: string }) => {
      await withOpsbot(async (opsbot) => {
        const actor = resolveIdentity(options.as, process.env, opsbot.config).user;
        const outcome = await opsbot.gateway.call({ tool: 'report_run', args: { name }, actor, origin: { frontEnd: 'cli', via: 'command' } });
        if (outcome.status === 'denied') throw new OpsbotError('denied', outcome.text);
        if (outcome.status !== 'ok') throw new OpsbotError('usage', outcome.text);
        if (options.print) return print(outcome.text);
        const channel = opsbot.config.reports.find((candidate) => candidate.name === name.toLowerCase())!.channel;
        const { platform } = parseChannelRef(channel);
        // Slack is posted to at once from here (only the bot token is needed: nothing is received); other platforms'
        // adapters receive as well as send, so the running opsbot sends those from the outbox.
        const senders = platform === 'slack' ? slackSendersFrom(process.env) : [];
        if (platform === 'slack' && !senders.length) throw new OpsbotError('usage', 'no chat platform to post to (set SLACK_BOT_TOKEN), or use --print');
        const cardKey = `report:${name}@cli:${randomUUID()}`;
        await opsbot.outbox.enqueue(reportMessages({ cardKey, channel, text: outcome.text, data: outcome.data, meta: { report: name, by: actor } }));
        if (!senders.length) return print(`Queued report ${name} for ${channel}: the running opsbot posts it (opsbot deliveries shows it).`);
        const worker = new OutboxWorker({ outbox: opsbot.outbox, senders, effects: {}, logger: quietLogger });
        await worker.drain();
        const unsent = (await opsbot.outbox.list()).find((row) => row.cardKey === cardKey);
        if (unsent) throw new OpsbotError('not_done', `report ${name} is not posted yet (${unsent.reason ?? unsent.state}); it stays in the outbox and a running opsbot sends it (opsbot deliveries)`);
        print(`Posted report ${name} to ${channel}.`);
      });
    });
  report
    .command('list')
    .description('configured reports and when each runs next')
    .option('--as <user>', 'whose read it is; default OPSBOT_USER, else the least privileged user')
    .action(async (options: { as?: string }) => {
      await withOpsbot(async (opsbot) => {
        const outcome = await opsbot.gateway.call({ tool: 'report_list', args: {}, actor: resolveIdentity(options.as, process.env, opsbot.config).user, origin: { frontEnd: 'cli', via: 'command' } });
        print(outcome.text);
      });
    });

  program
    .command('usage')
    .description('how opsbot is used, from the audit log: requests per person, team and front end, tools, approvals, denials')
    .option('--since <age>', 'how far back: 30d, 12h, 2w, 90m', '30d')
    .option('--json', 'machine-readable output')
    .action(async (options: { since: string; json?: boolean }) => {
      const match = /^(\d+)([mhdw])$/.exec(options.since.trim());
      if (!match) throw new OpsbotError('usage', `--since "${options.since}" must look like 30d, 12h, 2w or 90m`);
      const since = new Date(Date.now() - Number(match[1]) * UNIT_MS[match[2]!]!).toISOString();
      await withOpsbot(async (opsbot) => {
        const usage = await usageSince(opsbot.store, since);
        if (options.json) printJson(usage);
        else print(formatUsage(usage, teamsOf(opsbot.config)).join('\n'));
      });
    });
}
