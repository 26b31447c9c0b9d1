import type { Command } from 'commander';
import type { Opsbot } from '../../app.js';
import { OpsbotError } from '../../errors.js';
import type { OutboxRow, OutboxState } from '../../store/outbox-repository.js';
import { print, printError, printJson } from '../print.js';
import { withOpsbot } from './open-opsbot.js';

const LISTED_STATES = ['pending', 'blocked', 'failed'] as const;

/** Registers `opsbot deliveries [--state …]` and `opsbot deliveries retry`: what opsbot still has to post, and why. */
export function registerDeliveriesCommands(program: Command): void {
  const deliveries = program
    .command('deliveries')
    .description('cards and notices opsbot has not posted yet: what waits, why, and since when')
    .option('--state <state>', `only rows in this state (${LISTED_STATES.join(', ')})`)
    .option('--json', 'print one JSON object: { deliveries, counts }')
    .action(async (options: { state?: string; json?: boolean }) => {
      const states = statesOf(options.state);
      await withOpsbot(async (opsbot) => {
        const rows = await opsbot.outbox.list(states);
        const { byState } = await opsbot.outbox.stats();
        if (options.json) return printJson({ deliveries: rows, counts: byState });
        print(rows.length ? rows.map(describeRow).join('\n') : `Nothing ${options.state ? `${options.state} ` : ''}is waiting to be posted.`);
        print(`${byState.pending + byState.sending} pending, ${byState.blocked} blocked, ${byState.failed} failed, ${byState.sent} sent.`);
      });
    });
  deliveries
    .command('retry')
    .description('send blocked and failed cards again (after inviting opsbot to the channel or fixing its scopes)')
    .action(async () => {
      await withOpsbot(async (opsbot) => {
        const count = await retryDeliveries(opsbot);
        print(count ? `${count} message(s) will be sent again${process.env.SLACK_BOT_TOKEN ? '' : ' by the running Slack front end'}.` : 'Nothing is blocked or failed.');
        if (count && process.env.SLACK_BOT_TOKEN) await sendNow(opsbot);
      });
    });
}

/** Blocked and failed rows become due now, with a fresh retry window. */
export function retryDeliveries(opsbot: Opsbot): Promise<number> {
  return opsbot.outbox.retry();
}

/** With a Slack token here, send at once instead of waiting for a front end, and say what is still blocked. */
async function sendNow(opsbot: Opsbot): Promise<void> {
  const [{ startOutboxWorker }, { SlackCardSender }, { readSlackSettings, DEFAULT_SLACK_API_URL }] = await Promise.all([
    import('../../bot/outbox/start-outbox.js'),
    import('../../bot/slack/slack-card-sender.js'),
    import('../../bot/slack/slack-settings.js'),
  ]);
  const apiUrl = readSlackSettings(process.env)?.apiUrl ?? process.env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL;
  const logger = { info: () => undefined, warn: () => undefined, error: (...message: unknown[]) => printError(message.map(String).join(' ')) };
  const worker = startOutboxWorker(opsbot, new SlackCardSender({ token: process.env.SLACK_BOT_TOKEN, slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` }), { logger, intervalMs: 3_600_000 });
  await worker.idle();
  await worker.stop();
  const blocked = await opsbot.outbox.list(['blocked']);
  print(blocked.length ? `Still blocked:\n${blocked.map(describeRow).join('\n')}` : 'Sent.');
}

function statesOf(state: string | undefined): OutboxState[] {
  if (state === undefined) return [...LISTED_STATES, 'sending'];
  if (!(LISTED_STATES as readonly string[]).includes(state)) throw new OpsbotError('usage', `--state must be one of ${LISTED_STATES.join(', ')}, not "${state}"`);
  return state === 'pending' ? ['pending', 'sending'] : [state as OutboxState];
}

/** One line a person acts on: state, since when, what, where, and why it waits. */
function describeRow(row: OutboxRow): string {
  const what = `${row.purpose} ${row.kind === 'post' ? 'post' : row.kind} to ${row.channel || 'its card'}`;
  const why = row.reason ? ` — ${row.reason}` : '';
  const next = row.state === 'pending' && row.attempts > 0 ? `; next try ${row.nextAttemptAt}` : '';
  return `${row.state.padEnd(8)} since ${row.createdAt}  ${what}${why} (${row.attempts} attempt${row.attempts === 1 ? '' : 's'}${next})  ${row.id}`;
}
