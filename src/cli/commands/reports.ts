import { webApi } from '@slack/bolt';
import type { Command } from 'commander';
import { formatUsage, usageSince } from '../../audit/usage.js';
import { SlackPoster } from '../../bot/slack/slack-poster.js';
import { DEFAULT_SLACK_API_URL } from '../../bot/slack/slack-settings.js';
import { OpsbotError } from '../../errors.js';
import { teamsOf } from '../../tools/report-sections.js';
import { registerSecret } from '../../util/redact.js';
import { print, printJson } from '../print.js';
import { resolveIdentity } from './identity.js';
import { withOpsbot } from './open-opsbot.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Registers `opsbot report run NAME [--print]`, `opsbot report list` and `opsbot usage [--since 30d] [--json]`. */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('scheduled reports (reports: in opsbot.yaml)');
  report
    .command('run <name>')
    .description("run a report now and post it to its channel (Slack, from SLACK_BOT_TOKEN), or print it with --print")
    .option('--print', 'print the report instead of posting it')
    .option('--as <user>', 'whose read it is (policy decides); default OPSBOT_USER, else the least privileged user')
    .action(async (name: string, options: { print?: boolean; as?: string }) => {
      await withOpsbot(async (opsbot) => {
        const actor = resolveIdentity(options.as, process.env, opsbot.config).user;
        const outcome = await opsbot.gateway.call({ tool: 'report_run', args: { name }, actor, origin: { frontEnd: 'cli', via: 'command' } });
        if (outcome.status === 'denied') throw new OpsbotError('denied', outcome.text);
        if (outcome.status !== 'ok') throw new OpsbotError('usage', outcome.text);
        if (options.print) return print(outcome.text);
        // Posting needs only the bot token (no Socket Mode or signing secret: nothing is received).
        const token = process.env.SLACK_BOT_TOKEN;
        if (!token) throw new OpsbotError('usage', 'no chat platform to post to (set SLACK_BOT_TOKEN), or use --print');
        registerSecret(token);
        const apiUrl = (process.env.SLACK_API_URL || DEFAULT_SLACK_API_URL).replace(/\/?$/, '/');
        const channel = opsbot.config.reports.find((candidate) => candidate.name === name.toLowerCase())!.channel;
        const poster = new SlackPoster(new webApi.WebClient(token, { slackApiUrl: apiUrl }), opsbot.kv);
        const posted = await poster.post(channel, { text: outcome.text });
        print(`Posted report ${name} to ${posted.conversation}.`);
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
